import { Argument, type Command, type Option } from 'commander';
import { EXIT_CODES } from '../exit-codes.js';
import type { Runner } from '../runner.js';

/** A command's words: its subcommands and its long options (global ones included). */
interface Words {
  readonly path: string[];
  readonly description: string;
  readonly subcommands: Words[];
  readonly options: { flag: string; description: string }[];
}

function describe(command: Command, path: string[], globals: Option[]): Words {
  const options = [...command.options, ...globals]
    .filter((option) => option.long && !option.hidden)
    .map((option) => ({ flag: option.long!, description: option.description }));
  return {
    path,
    description: command.description(),
    subcommands: command.commands.map((sub) => describe(sub, [...path, sub.name()], globals)),
    options: [...new Map(options.map((option) => [option.flag, option])).values()],
  };
}

function flatten(words: Words): Words[] {
  return [words, ...words.subcommands.flatMap(flatten)];
}

const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

/** A bash completion script for `neural` (and zsh through `bashcompinit`). */
export function bashCompletion(root: Words): string {
  const cases = flatten(root)
    .map((words) => {
      const list = [
        ...words.subcommands.map((sub) => sub.path.at(-1)!),
        ...words.options.map((option) => option.flag),
      ];
      return `    ${quote(words.path.join(' '))}) words=${quote(list.join(' '))} ;;`;
    })
    .join('\n');
  return `# bash completion for neural: source it, or save it as /etc/bash_completion.d/neural
_neural() {
  local cur cmd="neural" i w words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    [[ -n "$(_neural_words "$cmd $w")" ]] && cmd="$cmd $w"
  done
  words="$(_neural_words "$cmd")"
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
  [[ \${#COMPREPLY[@]} -eq 0 ]] && COMPREPLY=($(compgen -f -- "$cur"))
}
_neural_words() {
  local words=""
  case "$1" in
${cases}
  esac
  printf '%s' "$words"
}
complete -F _neural neural
`;
}

/** A zsh completion script for `neural`. */
export function zshCompletion(root: Words): string {
  const cases = flatten(root)
    .map((words) => {
      const entries = [
        ...words.subcommands.map((sub) => `${sub.path.at(-1)}:${sub.description.replaceAll(':', '\\:')}`),
        ...words.options.map((option) => `${option.flag}:${option.description.replaceAll(':', '\\:')}`),
      ];
      return `    ${quote(words.path.join(' '))}) entries=(${entries.map(quote).join(' ')}) ;;`;
    })
    .join('\n');
  return `#compdef neural
# zsh completion for neural: save it as _neural in a folder of your $fpath
_neural() {
  local cmd="neural" word
  local -a entries
  for word in \${words[2,CURRENT-1]}; do
    [[ "$word" == -* ]] && continue
    case "$cmd $word" in
${flatten(root)
  .filter((words) => words.path.length > 1)
  .map((words) => `      ${quote(words.path.join(' '))}) cmd="$cmd $word" ;;`)
  .join('\n')}
    esac
  done
  case "$cmd" in
${cases}
  esac
  _describe 'neural' entries || _files
}
compdef _neural neural
`;
}

/** A fish completion script for `neural`. */
export function fishCompletion(root: Words): string {
  const lines = ['# fish completion for neural: save it as ~/.config/fish/completions/neural.fish'];
  for (const words of flatten(root)) {
    const depth = words.path.length - 1;
    const condition =
      depth === 0
        ? '__fish_use_subcommand'
        : `__fish_seen_subcommand_from ${words.path.at(-1)}${depth > 1 ? `; and __fish_seen_subcommand_from ${words.path[1]}` : ''}`;
    for (const sub of words.subcommands) {
      lines.push(
        `complete -c neural -f -n ${quote(condition)} -a ${quote(sub.path.at(-1)!)} -d ${quote(sub.description)}`,
      );
    }
    if (depth > 0) {
      for (const option of words.options) {
        lines.push(
          `complete -c neural -n ${quote(condition)} -l ${option.flag.slice(2)} -d ${quote(option.description)}`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `neural completion bash|zsh|fish`. */
export function registerCompletion(program: Command, run: Runner): void {
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish']))
    .addHelpText(
      'after',
      `
Examples:
  $ neural completion zsh > "\${fpath[1]}/_neural"
  $ source <(neural completion bash)
  $ neural completion fish > ~/.config/fish/completions/neural.fish`,
    )
    .action(
      run(async (context, shell: 'bash' | 'zsh' | 'fish') => {
        const root = describe(
          program,
          ['neural'],
          program.options.filter((option) => option.long !== '--version'),
        );
        const script =
          shell === 'bash'
            ? bashCompletion(root)
            : shell === 'zsh'
              ? zshCompletion(root)
              : fishCompletion(root);
        context.out.data({ shell, script });
        if (!context.out.json) context.out.stdout.write(script);
        return EXIT_CODES.OK;
      }),
    );
}
