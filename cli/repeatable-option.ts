// A repeatable flag (`--ip a --ip b`): commander calls the parser once per occurrence with the list
// so far, starting from the `[]` given as the option's default (its help hides that default:
// cli/help-format.ts).

/** Appends one occurrence of a repeatable flag to the values given before it. */
export const collectRepeated = (value: string, previous: string[]): string[] => [...previous, value];
