// Entry point of `npm run synth` and of the cdktf CLI (cdktf.json "app").
import { loadSettings } from './stacks/settings';
import { synthesizeApp } from './stacks/hoodcloud-app';

try {
  const settings = loadSettings(process.env);
  const result = synthesizeApp({ outdir: settings.outdir, environments: settings.environments });
  console.log(`Synthesized ${result.stacks.length} stacks into ${result.outdir}:`);
  for (const stack of result.stacks) console.log(`  ${stack}`);
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
}
