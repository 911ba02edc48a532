// Svelte 5 in runes mode everywhere; TypeScript in components via vite's esbuild/oxc.
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

export default {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
};
