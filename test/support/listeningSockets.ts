/**
 * What a process listens on, read from Linux's /proc as `ss -lp` would: the socket inodes
 * among its open file descriptors, matched against the TCP and Unix socket tables of its
 * network namespace. Linux only.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const TCP_LISTEN = '0A';
/** __SO_ACCEPTCON: the Unix socket is listening. */
const UNIX_ACCEPTING = 0x10000;

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // the descriptor closed meanwhile
    }
  }
  return inodes;
}

function rows(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length > 1);
}

export function listeningSockets(pid: number): { tcpPorts: number[]; unixPaths: string[] } {
  const inodes = socketInodes(pid);
  const tcpPorts = ['tcp', 'tcp6'].flatMap((table) =>
    rows(`/proc/${pid}/net/${table}`)
      .filter((f) => f[3] === TCP_LISTEN && inodes.has(f[9] ?? ''))
      .map((f) => Number.parseInt((f[1] ?? '').split(':')[1] ?? '', 16)),
  );
  const unixPaths = rows(`/proc/${pid}/net/unix`)
    .filter((f) => (Number.parseInt(f[3] ?? '0', 16) & UNIX_ACCEPTING) !== 0)
    .filter((f) => inodes.has(f[6] ?? ''))
    .map((f) => f[7] ?? '(unnamed)');
  return { tcpPorts: [...new Set(tcpPorts)].sort(), unixPaths };
}
