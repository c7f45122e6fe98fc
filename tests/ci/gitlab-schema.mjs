// gitlab-schema.mjs PREFIX FILE: checks a GitLab CI file against GitLab's own
// JSON schema, as gitlab-ci-local (an npm package, installed under PREFIX)
// ships and checks it: with Ajv and the options gitlab-ci-local uses.  Prints
// each error and exits 1 when the file is not valid; the test's validator.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [prefix, file] = process.argv.slice(2);
const require = createRequire(`${prefix}/node_modules/gitlab-ci-local/package.json`);
const Ajv = require("ajv");
const yaml = require("js-yaml");
const { default: schema } = await import(
	pathToFileURL(`${prefix}/node_modules/gitlab-ci-local/src/schema/index.js`).href);

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, validateFormats: false,
	strictTypes: false, keywords: ["markdownDescription"] });
const validate = ajv.compile(schema);
if (validate(yaml.load(readFileSync(file, "utf8")))) {
	console.log(`${file}: valid against GitLab's CI schema`);
} else {
	for (const e of validate.errors)
		console.log(`${file}: ${e.instancePath || "/"} ${e.message} (${e.schemaPath})`);
	process.exit(1);
}
