/**
 * A client given as itself, or as a function that makes it on first use: the Lambda and Route 53
 * clients of a run (src/aws/clients.ts), whose SDK packages are loaded only by a plan that calls
 * them. The readers that take one resolve it, and load the package's commands, only once they
 * know they will send.
 */
export type ClientSource<C extends object> = C | (() => Promise<C>);

export function clientOf<C extends object>(source: ClientSource<C>): Promise<C> {
  return typeof source === 'function' ? (source as () => Promise<C>)() : Promise.resolve(source);
}
