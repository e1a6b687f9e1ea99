// HC-SERVER-3: the container command never passes -config: the image's entrypoint adds
// -config=/vault/config itself, and a second one loads the files twice ("address already in use").
import { Container } from '@cdktf/provider-docker/lib/container';
import { Guardrail } from './guardrail';

/** `-config`, `--config`, `-config=...`, `--config=...` */
const isConfigFlag = (arg: string) => /^--?config(=|$)/.test(arg);

export const noExplicitConfigFlag: Guardrail = {
  id: 'HC-SERVER-3',
  level: 'error',
  description: 'The container command never passes -config (the image entrypoint adds -config=/vault/config itself)',
  check(node) {
    if (!(node instanceof Container)) return [];
    return (node.commandInput ?? []).flatMap((arg, i) =>
      isConfigFlag(arg)
        ? [{ field: `command[${i}]`, value: arg, message: 'makes the server load its config twice ("address already in use"); pass the bare command `server` and put config files in /vault/config' }]
        : [],
    );
  },
};
