import type { Command } from 'commander';

/**
 * Examples printed at the end of each command's `--help` (as `gh`, `aws` and terraform do). A
 * command without an entry here fails the help test, so a new command cannot ship without them.
 */
export const HELP_EXAMPLES: Record<string, string[]> = {
  'apigw-sync': [
    'apigw-sync validate examples/petstore',
    'apigw-sync plan examples/petstore --local',
    'apigw-sync apply examples/petstore --local --auto-approve',
    'mkdir -p ~/.local/share/bash-completion/completions && apigw-sync completion bash > ~/.local/share/bash-completion/completions/apigw-sync',
  ],
  apply: [
    'apigw-sync apply examples/petstore --env prod                 # plan, show, ask, run',
    'apigw-sync plan examples/petstore --out plan.json && apigw-sync apply plan.json',
    'apigw-sync apply examples/petstore --local --auto-approve     # the built-in emulator',
  ],
  // Hidden: what the completion scripts run to get suggestions, one `word<TAB>description` a line.
  complete: [
    'apigw-sync complete -- plan --out',
  ],
  completion: [
    'mkdir -p ~/.local/share/bash-completion/completions && apigw-sync completion bash > ~/.local/share/bash-completion/completions/apigw-sync',
    'apigw-sync completion zsh > "${fpath[1]}/_apigw-sync"',
    'mkdir -p ~/.config/fish/completions && apigw-sync completion fish > ~/.config/fish/completions/apigw-sync.fish',
  ],
  destroy: [
    'apigw-sync destroy examples/petstore --local',
    'apigw-sync destroy examples/petstore --env dev --auto-approve',
  ],
  drift: [
    'apigw-sync drift examples/petstore --env prod',
    'apigw-sync drift examples/petstore --output markdown --summary-file "$GITHUB_STEP_SUMMARY"',
  ],
  export: [
    'apigw-sync export --openapi examples/petstore --api petstore --out petstore.openapi.yaml',
  ],
  import: [
    'apigw-sync import --rest-api petstore --out apis/petstore',
    'apigw-sync import --all --out apis/legacy --name legacy',
    'apigw-sync import --openapi petstore.openapi.yaml --out apis/petstore',
  ],
  local: [
    'apigw-sync local --port 4566 --state .apigw-sync/emulator.json',
    'apigw-sync local --throttle --time-scale 0.01',
  ],
  plan: [
    'apigw-sync plan examples/petstore',
    'apigw-sync plan examples/petstore --env prod --out plan.json',
    'apigw-sync plan examples/petstore --output markdown --detailed-exitcode > plan.md',
    'apigw-sync plan examples/petstore --target "rest-api petstore / resource /pets"',
  ],
  promote: [
    'apigw-sync promote examples/petstore --env prod --stage prod',
  ],
  validate: [
    'apigw-sync validate',
    'apigw-sync validate examples/petstore --env prod',
    'apigw-sync validate examples --output json',
  ],
  version: [
    'apigw-sync version',
    'apigw-sync --version',
  ],
};

/** Appends the examples to the help of the program and of every command that has them. */
export function addHelpExamples(program: Command): void {
  for (const cmd of [program, ...program.commands]) {
    const examples = HELP_EXAMPLES[cmd.name()];
    if (!examples) continue;
    cmd.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}`);
  }
}
