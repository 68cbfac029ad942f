/**
 * A bench script's command line: bare arguments (files) and `--name=value` options (the value is everything after
 * the first `=`). One reader for the analysis scripts (heap-sample, stalls, heap-snap, start-trace).
 */
export function cliArgs(argv: string[] = process.argv.slice(2)) {
  const value = (k: string): string | undefined => argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3);
  return {
    argv,
    files: argv.filter((a) => !a.startsWith('--')),
    value,
    num: (k: string, d: number) => Number(value(k) ?? d),
    str: (k: string, d: string) => value(k) ?? d,
    /** The first bare argument, or the usage as an error. */
    file: (usage: string): string => {
      const f = argv.find((a) => !a.startsWith('--'));
      if (!f) throw new Error(`usage: ${usage}`);
      return f;
    },
  };
}
