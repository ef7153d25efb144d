// An argv array for people to read: arguments that a shell would split or expand are quoted. For
// display only: commands run as argv arrays, never through a shell.
export function displayArgv(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./{}<>-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(" ");
}
