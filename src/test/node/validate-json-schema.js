// Validates a YAML or JSON document against a published JSON schema with ajv, picking the draft the schema
// declares ($schema: draft-04, draft-07, 2019-09 or 2020-12), formats from ajv-formats.
// Prints {"valid": true}; exits 1 with every error (instance path and message) when the document is invalid.
// Usage: node validate-json-schema.js SCHEMA DOCUMENT
const fs = require('fs');
const yaml = require('js-yaml');
const addFormats = require('ajv-formats');

const [schemaFile, documentFile] = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
const draft = String(schema.$schema || '');

function validator() {
  // strict: false because published schemas carry vendor keywords (deprecationMessage, doNotSuggest, ...).
  const options = { strict: false, allErrors: true };
  if (draft.includes('draft-04')) {
    const Ajv4 = require('ajv-draft-04');
    return new Ajv4(options);
  }
  if (draft.includes('2019-09')) {
    const Ajv2019 = require('ajv/dist/2019');
    return new Ajv2019(options);
  }
  if (draft.includes('2020-12')) {
    const Ajv2020 = require('ajv/dist/2020');
    return new Ajv2020(options);
  }
  const Ajv = require('ajv');
  return new Ajv(options);
}

const ajv = validator();
addFormats(ajv);
const validate = ajv.compile(schema);
const document = yaml.load(fs.readFileSync(documentFile, 'utf8'));
if (validate(document)) {
  process.stdout.write(JSON.stringify({ valid: true }) + '\n');
} else {
  const errors = validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`
    + (e.params && e.params.additionalProperty ? ` (${e.params.additionalProperty})` : ''));
  process.stderr.write(`${documentFile} does not match ${schemaFile}:\n  ${[...new Set(errors)].join('\n  ')}\n`);
  process.exit(1);
}
