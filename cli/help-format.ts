// How --help describes options. A repeatable option starts from an empty list (commander's
// `collect, []` idiom), which commander prints as `(default: [])`: noise that reads like a value.
// Applied to every command by the program runner (cli/program.ts), so no option needs its own fix.
import { Help, HelpConfiguration, Option } from 'commander';

/** An empty list default says nothing to the reader; any other default is shown as commander shows it. */
function hasEmptyListDefault(option: Option): boolean {
  return Array.isArray(option.defaultValue) && option.defaultValue.length === 0;
}

/** The help settings of every command of the CLI. */
export const HELP_CONFIGURATION: HelpConfiguration = {
  optionDescription(this: Help, option: Option): string {
    // A view of the option without its default (prototype-linked, so the option itself is untouched).
    const shown = hasEmptyListDefault(option) ? Object.assign(Object.create(option) as Option, { defaultValue: undefined }) : option;
    return Help.prototype.optionDescription.call(this, shown);
  },
};
