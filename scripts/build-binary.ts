/**
 * Builds the single self-contained `wrenmail` executable with `bun build --compile` (run by Bun).
 *
 * libsql loads its native addon with `require(\`@libsql/${target}\`)`, a dynamic specifier the bundler
 * cannot follow, so the binary would look for node_modules on disk at run time. We rewrite it to the
 * concrete addon of this platform so Bun embeds the .node file in the executable (DESIGN.md).
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// deno-lint-ignore no-explicit-any
declare const Bun: any;

const root = fileURLToPath(new URL("..", import.meta.url));
const outfile = process.argv[2] ?? join(root, "dist", "wrenmail");
const target = `${process.platform}-${process.arch}-gnu`;
const addon = `@libsql/${target}/index.node`;

const inlineLibsqlAddon = {
  name: "libsql-native-inline",
  setup(build: { onLoad: (o: { filter: RegExp }, cb: (a: { path: string }) => Promise<{ contents: string; loader: "js" }>) => void }) {
    build.onLoad({ filter: /node_modules[\\/]libsql[\\/]index\.js$/ }, async (args) => {
      const text = await Bun.file(args.path).text();
      const needle = "return require(`@libsql/${target}`);";
      if (!text.includes(needle)) throw new Error(`libsql's loader changed; update scripts/build-binary.ts (looked for ${needle})`);
      return { contents: text.replace(needle, `return require(${JSON.stringify(addon)});`), loader: "js" };
    });
  },
};

const result = await Bun.build({
  // The password hasher's worker is loaded by path at run time; listing it embeds it in the binary.
  entrypoints: [join(root, "src", "cli", "main.ts"), join(root, "src", "store", "password-worker.js")],
  root,
  compile: { outfile },
  plugins: [inlineLibsqlAddon],
  minify: true,
  sourcemap: "none",
});
if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
console.log(`built ${outfile}`);
