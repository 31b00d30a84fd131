#!/usr/bin/env bash
# The command step of action.yml, kept in a file so that it can be tested outside GitHub
# (specs/gitops/action.test.ts runs it against the built-in emulator).
#
# Reads INPUT_COMMAND, INPUT_SPECS, INPUT_ENVIRONMENT, INPUT_ARGS, INPUT_PLAN_FILE and
# APIGW_SYNC_BIN; writes the step outputs exit-code, has-changes, plan-file and report (a Markdown
# file for the PR comment or the drift issue) to $GITHUB_OUTPUT. It always exits 0 so that the
# comment and issue steps run after a failure too; the action's last step fails the job then.
set -uo pipefail

bin="${APIGW_SYNC_BIN:?APIGW_SYNC_BIN is not set}"
command="${INPUT_COMMAND:-}"
tmp="${RUNNER_TEMP:-$(mktemp -d)}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
output="${GITHUB_OUTPUT:-/dev/null}"

# Several spec paths may be given, separated by spaces; extra flags are split as a shell would
# split them (quotes respected), without running anything in them.
read -r -a specs <<< "${INPUT_SPECS:-.}"
args=()
if [ -n "${INPUT_ARGS:-}" ]; then
  mapfile -t args < <(printf '%s' "$INPUT_ARGS" | xargs -n1 printf '%s\n')
fi
env_args=()
if [ -n "${INPUT_ENVIRONMENT:-}" ]; then env_args=(--env "$INPUT_ENVIRONMENT"); fi

report="$tmp/apigw-sync-$command.md"
errors="$tmp/apigw-sync-$command.err"
: > "$report"
plan_file=""

# A failed command's report: what the comment or the summary shows instead of a plan.
failure_report() {
  {
    printf '### apigw-sync %s failed: `%s` (exit %s)\n\n' "$command" "${specs[*]}" "$1"
    printf '```text\n'
    cat "$errors"
    printf '```\n'
  } > "$report"
  cat "$report" >> "$summary"
}

case "$command" in
  validate)
    node "$bin" validate "${specs[@]}" "${env_args[@]}" "${args[@]}" 2> "$errors"
    code=$?
    cat "$errors" >&2
    if [ "$code" -ne 0 ]; then failure_report "$code"; fi
    ;;
  plan)
    plan_file="$(realpath -m "${INPUT_PLAN_FILE:-apigw-sync-plan.json}")"
    node "$bin" plan "${specs[@]}" "${env_args[@]}" --detailed-exitcode --output markdown \
      --out "$plan_file" --summary-file "$summary" "${args[@]}" > "$report" 2> "$errors"
    code=$?
    cat "$report"
    cat "$errors" >&2
    if [ "$code" -ne 0 ] && [ "$code" -ne 2 ]; then failure_report "$code"; plan_file=""; fi
    ;;
  apply)
    # A saved plan fixes the spec set, environment and target: only connection flags apply.
    node "$bin" apply "${INPUT_PLAN_FILE:-apigw-sync-plan.json}" --auto-approve "${args[@]}" > "$report.txt" 2> "$errors"
    code=$?
    cat "$report.txt"
    cat "$errors" >&2
    { printf '### apigw-sync apply\n\n```text\n'; cat "$report.txt" "$errors"; printf '```\n'; } > "$report"
    cat "$report" >> "$summary"
    ;;
  drift)
    node "$bin" drift "${specs[@]}" "${env_args[@]}" --output markdown --summary-file "$summary" \
      "${args[@]}" > "$report" 2> "$errors"
    code=$?
    cat "$report"
    cat "$errors" >&2
    if [ "$code" -ne 0 ] && [ "$code" -ne 2 ]; then failure_report "$code"; fi
    ;;
  *)
    echo "::error::Unknown command \"$command\": use validate, plan, apply or drift." >&2
    code=64
    ;;
esac

# 2 means "changes" (plan) or "drift" (drift); for validate and apply it is a failure.
has_changes=false
failed=false
# An exit 2 with no report is not a plan or a drift report (a usage error in an older release).
if [ "$code" -eq 2 ] && [ -s "$report" ] && { [ "$command" = plan ] || [ "$command" = drift ]; }; then
  has_changes=true
elif [ "$code" -ne 0 ]; then
  failed=true
fi
{
  echo "failed=$failed"
  echo "exit-code=$code"
  echo "has-changes=$has_changes"
  echo "plan-file=$plan_file"
  echo "report=$([ -s "$report" ] && echo "$report")"
} >> "$output"
exit 0
