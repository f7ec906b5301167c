// CPU time of the processes a bench section drives (Linux /proc): robust where wall time is not, because other work on
// the machine slows a section down without adding to its CPU seconds.

import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** User + system CPU milliseconds of one process (0 when it is gone or /proc is unavailable). */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000;
  } catch {
    return 0;
  }
}

/** Postgres server processes serving one database (their process title names it). */
function backendsOf(database: string): number[] {
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.startsWith('postgres: ') && title.split(' ').includes(database)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** CPU milliseconds spent between `start()` and `stop()`: this process, service processes, a broker, a database's backends. */
export interface CpuSplit {
  thisProcessMs: number;
  servicesMs: number;
  brokerMs: number;
  postgresMs: number;
}

/**
 * Starts counting. Backends are found again at `stop()` (a pool opens connections on demand); one that opened and closed
 * between the two reads is missed, so pools should stay open for the measured span. Postgres's own background processes
 * (WAL writer, checkpointer, autovacuum) are not counted.
 */
export function startCpuCount(options: { brokerPid?: number | undefined; servicePids?: readonly number[]; databaseUrl: string }) {
  const servicePids = options.servicePids ?? [];
  const services0 = servicePids.map(cpuMsOf);
  const database = decodeURIComponent(new URL(options.databaseUrl).pathname.slice(1));
  const self0 = process.cpuUsage();
  const broker0 = options.brokerPid === undefined ? 0 : cpuMsOf(options.brokerPid);
  const backends0 = new Map(backendsOf(database).map((pid) => [pid, cpuMsOf(pid)]));
  return {
    stop(): CpuSplit {
      const self = process.cpuUsage(self0);
      let postgresMs = 0;
      for (const pid of backendsOf(database)) postgresMs += cpuMsOf(pid) - (backends0.get(pid) ?? 0);
      return {
        thisProcessMs: (self.user + self.system) / 1000,
        servicesMs: servicePids.reduce((sum, pid, i) => sum + cpuMsOf(pid) - (services0[i] as number), 0),
        brokerMs: options.brokerPid === undefined ? 0 : cpuMsOf(options.brokerPid) - broker0,
        postgresMs,
      };
    },
  };
}
