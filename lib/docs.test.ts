import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The README and the manual in docs/ show commands to copy: every `npm run <script>` (and
 * `npm start`, `npm test`) they show must name a script of package.json, every relative link must
 * reach a file (and, for a Markdown file, a heading), and the README stays a short front door.
 */

const root = fileURLToPath(new URL("..", import.meta.url));
const README_MAX_LINES = 250;

function docFiles(): string[] {
  const docs = join(root, "docs");
  const pages = readdirSync(docs)
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => join(docs, name));
  return [join(root, "README.md"), ...pages];
}

function scripts(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  return manifest.scripts ?? {};
}

type Block = { text: string; line: number };

/** The lines inside fenced code blocks, and the prose lines outside them. */
function split(markdown: string): { code: Block[]; prose: Block[] } {
  const code: Block[] = [];
  const prose: Block[] = [];
  let fence: string | null = null;
  markdown.split("\n").forEach((text, index) => {
    const line = index + 1;
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(text)?.[1] ?? "";
    if (fence === null && marker) fence = marker;
    else if (fence !== null && marker[0] === fence[0] && marker.length >= fence.length) {
      fence = null;
    } else (fence === null ? prose : code).push({ text, line });
  });
  return { code, prose };
}

// A command starts a line (after a `$ ` prompt or environment assignments) or follows `;`, `&&`
// or `|`. npm's own options (`-s`, `--silent`) may come before the script's name.
const START = String.raw`(?:^\s*|[;&|]\s*|\$\s+)(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*`;
const NPM_RUN = new RegExp(
  `${START}npm\\s+(?:run|run-script)\\s+(?:-{1,2}[\\w-]+\\s+)*([^\\s;&|'"\`]+)`,
  "g",
);
const NPM_SHORTHAND = new RegExp(`${START}npm\\s+(start|test)\\b`, "g");

type Command = { script: string; line: number; text: string };

/** Every script a piece of shell names through `npm run`, `npm start` or `npm test`. */
function scriptsNamed(blocks: Block[]): Command[] {
  const found: Command[] = [];
  for (const { text, line } of blocks) {
    for (const pattern of [NPM_RUN, NPM_SHORTHAND]) {
      for (const match of text.matchAll(pattern)) {
        found.push({ script: match[1] ?? "", line, text: text.trim() });
      }
    }
  }
  return found;
}

/** The inline code spans of prose lines (`npm run worker`), as blocks of their own. */
function inlineCode(prose: Block[]): Block[] {
  return prose.flatMap(({ text, line }) =>
    [...text.matchAll(/(`+)([^`].*?)\1/g)].map((match) => ({ text: match[2] ?? "", line })),
  );
}

/** The anchors GitHub gives a Markdown file's headings. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const { text } of split(markdown).prose) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)?.[1];
    if (heading === undefined) continue;
    const plain = heading
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/[`*]/g, "")
      .toLowerCase();
    const base = plain.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "").replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

type Problem = { file: string; line: number; problem: string };

function missingScripts(file: string, markdown: string, known: Record<string, string>) {
  const { code, prose } = split(markdown);
  const named = [...scriptsNamed(code), ...scriptsNamed(inlineCode(prose))];
  const problems: Problem[] = named
    .filter(({ script }) => !Object.hasOwn(known, script))
    .map(({ script, line, text }) => ({
      file,
      line,
      problem: `"${text}" names the script "${script}", which package.json does not have`,
    }));
  return { named, problems };
}

function brokenLinks(path: string, markdown: string): Problem[] {
  const file = relative(root, path);
  const problems: Problem[] = [];
  for (const { text, line } of split(markdown).prose) {
    const withoutCode = text.replace(/(`+)[^`].*?\1/g, "");
    for (const match of withoutCode.matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = match[1] ?? "";
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      const [pathPart, anchor] = target.split("#", 2);
      const targetPath = pathPart ? resolve(dirname(path), pathPart) : path;
      if (!existsSync(targetPath)) {
        problems.push({ file, line, problem: `links to ${target}: no such file` });
        continue;
      }
      if (anchor === undefined || !targetPath.endsWith(".md")) continue;
      if (!anchors(readFileSync(targetPath, "utf8")).has(anchor)) {
        problems.push({
          file,
          line,
          problem: `links to ${target}: ${relative(root, targetPath)} has no heading #${anchor}`,
        });
      }
    }
  }
  return problems;
}

describe("the commands the docs show", () => {
  it("finds npm scripts in shell lines, prompts and environment prefixes", () => {
    const lines = [
      "npm run merchant -- create --name x",
      "$ npm run -s merchant -- key list --merchant mer_1",
      "BENCH_STORES=pglite npm run bench:api",
      "npm install && npm start   # the whole product",
      "npm test -- unit integration",
      "npm run --silent bench:watcher; npm run bench:page",
      'curl -s "$URL" -H "Authorization: Bearer $API_KEY"',
      "npm install",
    ].map((text, index) => ({ text, line: index + 1 }));
    expect(scriptsNamed(lines).map(({ script }) => script)).toEqual([
      "merchant",
      "merchant",
      "bench:api",
      "start",
      "test",
      "bench:watcher",
      "bench:page",
    ]);
  });

  it("reports a script package.json does not have", () => {
    const markdown =
      "Run:\n\n```sh\nnpm run bench:nothing-like-this\nnpm run merchant -- list\n```\n";
    const { problems } = missingScripts("example.md", markdown, { merchant: "tsx merchant.ts" });
    expect(problems).toEqual([
      {
        file: "example.md",
        line: 4,
        problem:
          '"npm run bench:nothing-like-this" names the script "bench:nothing-like-this", which package.json does not have',
      },
    ]);
  });

  it("name only scripts that package.json has", () => {
    const known = scripts();
    const problems: Problem[] = [];
    const named: Command[] = [];
    for (const path of docFiles()) {
      const result = missingScripts(relative(root, path), readFileSync(path, "utf8"), known);
      problems.push(...result.problems);
      named.push(...result.named);
    }
    expect(problems).toEqual([]);
    // The check looks at something: the README and the manual show these, among many more.
    expect(named.length).toBeGreaterThan(20);
    for (const script of ["start", "test", "merchant", "worker", "bench:watcher", "bench:api"]) {
      expect(named.map((command) => command.script)).toContain(script);
    }
  });
});

describe("the README and the manual", () => {
  it("keep the README under 250 lines", () => {
    const lines = readFileSync(join(root, "README.md"), "utf8").trimEnd().split("\n").length;
    expect(lines).toBeLessThan(README_MAX_LINES);
  });

  it("link only to files and headings that exist", () => {
    const files = docFiles();
    expect(files.length).toBeGreaterThan(1);
    const problems = files.flatMap((path) => brokenLinks(path, readFileSync(path, "utf8")));
    expect(problems).toEqual([]);
  });
});
