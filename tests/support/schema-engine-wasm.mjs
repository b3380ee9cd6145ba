// TEST TOOL, not part of schemata. It stands in for Prisma's native schema engine binary so the
// REAL Prisma CLI (tests/prisma) can run `prisma migrate dev`, `migrate deploy` and
// `migrate status` offline, against a real PostgreSQL: the native binary is downloaded at first
// use, which these machines cannot do. Point the CLI at it with
// PRISMA_SCHEMA_ENGINE_BINARY=tests/support/schema-engine (the wrapper that runs this file).
//
// It speaks what the CLI expects of the binary:
//   schema-engine --datamodels <file>... --datasource <json> [--enabled-preview-features a,b]
//                 [--extension-types <json>]
//     JSON-RPC 2.0 over stdin/stdout, one object per line; each call is forwarded to the same
//     method of @prisma/schema-engine-wasm (Prisma's engine built to WebAssembly), which
//     talks to PostgreSQL through @prisma/adapter-pg.
//   schema-engine --datasource <json> cli can-connect-to-database | create-database | drop-database
//     Exit status 0, or 1 with the error as JSON log lines on stderr (the CLI skips the first).
//   schema-engine --version
//
// Packages come from $SCHEMATA_NODE_MODULES (a folder with node_modules), else tests/prisma.
import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import { pathToFileURL, fileURLToPath } from "node:url";
import readline from "node:readline";
import path from "node:path";
import crypto from "node:crypto";

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = path.resolve(process.env.SCHEMATA_NODE_MODULES || path.join(here, "..", "prisma"));
const require = createRequire(path.join(modules, "package.json"));
const load = async (name) => import(pathToFileURL(require.resolve(name)).href);

function parseArgs(argv) {
  const args = { datamodels: [], datasource: {}, previewFeatures: [], rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i];
    switch (argv[i]) {
      case "--datamodels":
        args.datamodels.push(value());
        break;
      case "--datasource":
        args.datasource = JSON.parse(value());
        break;
      case "--enabled-preview-features":
        args.previewFeatures = value().split(",");
        break;
      case "--extension-types":
        value();
        break;
      default:
        args.rest.push(argv[i]);
    }
  }
  return args;
}

// Log lines as the native engine writes them on stderr; the CLI reads `fields.message`, and an
// ERROR line's `error_code`.
function log(level, message, extra = {}) {
  const line = { timestamp: new Date().toISOString(), level, target: "schema_engine::logger", fields: { message, ...extra } };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

// Same workaround as schemata's engine.mjs: the pg adapter splits a script at every ';' and
// runs the pieces one by one. The native engine sends the whole script as one simple query,
// which PostgreSQL runs in one implicit transaction.
function wholeScripts(adapter) {
  adapter.executeScript = async (script) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (error) {
      adapter.onError(error);
    }
  };
  return adapter;
}

// Same workaround as engine.mjs: PostgreSQL's one-byte "char" (OID 18: pg_class.relkind,
// pg_constraint.contype) is not a type the pg adapter maps; pass it as text, label it Character.
const PG_CHAR = 18;
const PG_TEXT = 25;
function charColumns(queryable, Character) {
  const performIO = queryable.performIO.bind(queryable);
  let lastChars = [];
  queryable.performIO = async (...args) => {
    const result = await performIO(...args);
    lastChars = [];
    (result.fields ?? []).forEach((field, i) => {
      if (field.dataTypeID === PG_CHAR) {
        field.dataTypeID = PG_TEXT;
        lastChars.push(i);
      }
    });
    return result;
  };
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (...args) => {
    const result = await queryRaw(...args);
    for (const i of lastChars) result.columnTypes[i] = Character;
    return result;
  };
  if (queryable.startTransaction) {
    const start = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (...args) => charColumns(await start(...args), Character);
  }
  return queryable;
}

function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function databaseName(url) {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || "postgres";
}

async function withClient(url, body) {
  const pg = (await load("pg")).default;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

// Scratch databases made for the shadow database and not dropped yet.
const scratch = new Set();

async function dropScratch(url, name) {
  await withClient(withDatabase(url, "postgres"), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  scratch.delete(name);
}

async function adapterFactory(datasource) {
  const { PrismaPg } = await load("@prisma/adapter-pg");
  const { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } = await load("@prisma/driver-adapter-utils");
  const connectTo = async (url) => {
    const factory = new PrismaPg({ connectionString: url, connectionTimeoutMillis: 5000 });
    return charColumns(wholeScripts(await factory.connect()), ColumnTypeEnum.Character);
  };
  const factory = {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => connectTo(datasource.url),
    // PrismaPg's own shadow database keeps the connection string, whose database wins over the
    // scratch one in pg: the "shadow" would be the real database. Make and name it here.
    connectToShadowDb: async () => {
      if (datasource.shadowDatabaseUrl) return connectTo(datasource.shadowDatabaseUrl);
      const name = `prisma_migrate_shadow_db_${crypto.randomUUID().replaceAll("-", "")}`;
      await withClient(datasource.url, (c) => c.query(`CREATE DATABASE "${name}"`));
      scratch.add(name);
      const adapter = await connectTo(withDatabase(datasource.url, name));
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await dropScratch(datasource.url, name);
      };
      return adapter;
    },
  };
  return bindMigrationAwareSqlAdapterFactory(factory);
}

async function wasmRuntime() {
  const runtime = await load("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasmPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg").replace(/\.js$/, ".wasm");
  const module = await WebAssembly.compile(await readFile(wasmPath));
  const instance = await WebAssembly.instantiate(module, { "./schema_engine_bg.js": runtime });
  runtime.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return runtime;
}

globalThis.PRISMA_WASM_PANIC_REGISTRY = {
  message: "",
  set_message(message) {
    this.message = message;
  },
};

// `cli <command>`: what `prisma migrate dev` runs before starting the engine proper.
async function cliCommand(datasource, command) {
  const url = datasource.url;
  const name = databaseName(url);
  log("INFO", `schema-engine (wasm test shim) cli ${command}`);
  try {
    if (command === "can-connect-to-database") {
      await withClient(url, async () => {});
    } else if (command === "create-database") {
      await withClient(withDatabase(url, "postgres"), (c) => c.query(`CREATE DATABASE "${name}"`));
    } else if (command === "drop-database") {
      await withClient(withDatabase(url, "postgres"), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    } else {
      throw new Error(`unknown cli command ${command}`);
    }
    return 0;
  } catch (error) {
    // Prisma's codes: P1003 the database does not exist (the CLI then asks for create-database),
    // P1001 the server cannot be reached.
    const code = error.code === "3D000" ? "P1003" : error.code === "ECONNREFUSED" ? "P1001" : "P1000";
    const message = code === "P1003" ? `Database \`${name}\` does not exist` : String(error.message);
    log("ERROR", message, { error_code: code });
    return 1;
  }
}

// The JSON-RPC error the CLI unpacks: `data.message`, `data.error_code`, `data.is_panic`.
function rpcError(error) {
  const panic = globalThis.PRISMA_WASM_PANIC_REGISTRY.message;
  globalThis.PRISMA_WASM_PANIC_REGISTRY.message = "";
  const message = panic || error?.message || String(error);
  const code = error?.code ?? error?.error_code ?? null;
  return {
    code: 4466,
    message: "An error happened. Check the data field for details.",
    data: { is_panic: Boolean(panic), message, meta: error?.meta ?? null, error_code: code },
  };
}

// Native RPC names that the wasm class spells differently.
const RENAMED = { getDatabaseVersion: "version" };

// The wasm engine builds its own connector without the schema's preview features, so when it
// reads the shadow database for `createMigration` it does not see what a preview feature
// describes (partial indexes' WHERE): every migration would create them again. `diff` builds
// its connectors from the schema it is given and sees them, so the script comes from `diff`
// (which leaves out the draft's "Warnings" comment header); the name and the rest of the
// answer are the engine's own.
async function createMigration(engine, params) {
  const created = await engine.createMigration(params);
  const { stdout } = await engine.diff({
    // Without a history there is no lockfile to tell the connector; the history is empty.
    from: params.migrationsList.migrationDirectories.length
      ? { tag: "migrations", ...params.migrationsList }
      : { tag: "empty" },
    to: { tag: "schemaDatamodel", files: params.schema.files },
    script: true,
    exitCode: null,
    filters: params.filters,
  });
  const empty = !stdout.split("\n").some((l) => l.trim() && !l.trim().startsWith("--"));
  const migrationScript = empty && !params.draft ? null : stdout || "-- This is an empty migration.";
  return { ...created, migrationScript };
}
const OVERRIDDEN = { createMigration };

async function serve(args) {
  const runtime = await wasmRuntime();
  const datamodels = await Promise.all(args.datamodels.map(async (file) => [file, await readFile(file, "utf8")]));
  const engineLog = (line) => process.stderr.write(`${line}\n`);
  const engine = await runtime.SchemaEngine.new(
    { datamodels: datamodels.length ? datamodels : undefined },
    engineLog,
    await adapterFactory(args.datasource),
  );
  const reply = (message) => process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
  // Requests are answered one at a time, in order, as the native engine does.
  let queue = Promise.resolve();
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    const request = JSON.parse(line);
    if (request.method === undefined) return; // an answer to a request of ours; we send none
    queue = queue.then(async () => {
      const method = RENAMED[request.method] ?? request.method;
      try {
        const params = request.params ?? {};
        let result;
        if (OVERRIDDEN[method]) result = await OVERRIDDEN[method](engine, params);
        else if (typeof engine[method] === "function") result = await engine[method](params);
        else throw new Error(`method ${request.method} is not in the wasm engine`);
        result ??= null;
        // The wasm `diff` returns its text as `stdout`; the native engine asks the CLI to print
        // it instead (a `print` request, whose answer is ignored here).
        if (typeof result?.stdout === "string") {
          const { stdout, ...rest } = result;
          reply({ id: `print-${request.id}`, method: "print", params: { content: stdout } });
          reply({ id: request.id, result: rest });
        } else {
          reply({ id: request.id, result });
        }
      } catch (error) {
        reply({ id: request.id, error: rpcError(error) });
      }
    });
  });
  await new Promise((resolve) => lines.on("close", resolve));
  await queue;
  engine.free();
}

async function cleanUp(url) {
  for (const name of [...scratch]) await dropScratch(url, name).catch(() => {});
}

const args = parseArgs(process.argv.slice(2));
if (args.rest.includes("--version")) {
  const { version } = await load("@prisma/schema-engine-wasm");
  process.stdout.write(`schema-engine-cli ${version()} (wasm test shim)\n`);
  process.exit(0);
}
// The CLI stops the engine by closing stdin and, on Linux, sends SIGTERM at once: finish
// dropping scratch databases first.
process.on("SIGTERM", () => cleanUp(args.datasource.url).finally(() => process.exit(0)));
const cli = args.rest.indexOf("cli");
if (cli >= 0) {
  process.exit(await cliCommand(args.datasource, args.rest[cli + 1]));
}
try {
  await serve(args);
} catch (error) {
  log("ERROR", String(error?.stack ?? error));
  await cleanUp(args.datasource.url);
  process.exit(1);
}
await cleanUp(args.datasource.url);
process.exit(0);
