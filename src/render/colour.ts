import { visibleLine } from './visible.js';

/**
 * ANSI colours, applied only when the caller says so (stdout is a TTY and NO_COLOR is unset), so
 * files, pipes and CI logs stay plain text.
 */
export type Paint = (style: Style, text: string) => string;
export type Style = 'green' | 'yellow' | 'red' | 'magenta' | 'cyan' | 'bold' | 'dim';

const CODES: Record<Style, [number, number]> = {
  green: [32, 39],
  yellow: [33, 39],
  red: [31, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  bold: [1, 22],
  dim: [2, 22],
};

/**
 * Text to paint is one line, made visible first (control characters written as `\u001b`): names
 * and templates come from AWS too, and only the painter's own sequences may reach the terminal.
 */
export function painter(enabled: boolean): Paint {
  if (!enabled) return (_style, text) => visibleLine(text);
  return (style, text) => `\x1b[${CODES[style][0]}m${visibleLine(text)}\x1b[${CODES[style][1]}m`;
}

/** Colour for a stream: a TTY, unless NO_COLOR is set; FORCE_COLOR forces it. */
export function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}
