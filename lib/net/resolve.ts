/**
 * Every address a host name stands for, from the system's resolver (getaddrinfo: /etc/hosts,
 * then DNS), as every program on the box sees, in its order. `node:dns` is loaded with the first
 * name asked for, not at start: `node:*` modules cost idle memory (lib/hash.ts).
 */
export async function resolveName(name: string): Promise<string[]> {
  const { lookup } = await import("node:dns/promises");
  return (await lookup(name, { all: true, verbatim: true })).map((a) => a.address);
}
