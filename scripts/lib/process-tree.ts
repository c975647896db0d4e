import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

interface Row {
  ppid: number;
  pgid: number;
}

/** pid → parent and process group: from /proc on Linux (slim containers often lack `ps`), else from `ps`. */
function processTable(): Map<number, Row> {
  const table = new Map<number, Row>();
  if (existsSync('/proc/self/stat')) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // "pid (command) state ppid pgrp …"; the command may contain spaces and parentheses.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const [, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        table.set(Number(entry), { ppid: Number(ppid), pgid: Number(pgid) });
      } catch {
        // exited while we listed
      }
    }
    return table;
  }
  const ps = execFileSync('ps', ['-A', '-o', 'pid=', '-o', 'ppid=', '-o', 'pgid='], { encoding: 'utf8' });
  for (const line of ps.split('\n')) {
    const [pid, ppid, pgid] = line.trim().split(/\s+/).map(Number);
    if (pid && ppid !== undefined && pgid !== undefined) table.set(pid, { ppid, pgid });
  }
  return table;
}

/**
 * Every process below `root` (children, grandchildren, …), from one listing of all processes. Taken before anything is
 * signalled: once a parent exits its children are re-parented to init and can no longer be found this way.
 */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of processTable()) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

/**
 * Our ancestors in our own process group: for `npm start`, the shell npm runs scripts with and npm itself
 * (the group's leader, which a terminal or a process manager started).
 */
export function ancestorsInGroup(): number[] {
  const table = processTable();
  const group = table.get(process.pid)?.pgid;
  const found: number[] = [];
  for (let pid = process.ppid; pid > 1 && table.get(pid)?.pgid === group; pid = table.get(pid)!.ppid) found.push(pid);
  return found;
}

/**
 * Whether a process is still running. A zombie (exited, not yet reaped by its parent) is not: in a container
 * whose init never reaps, orphans stay zombies for good, yet they hold no port and run nothing.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // Linux: the state letter follows the parenthesised command name in /proc/<pid>/stat.
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

/** Sends a signal, ignoring processes that are already gone. */
export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}
