// Validates Azure Pipelines YAML files against the published schema, as
// ../shared/schemas/README.md prescribes: js-yaml's FAILSAFE schema (Azure
// reads every scalar as a string) and ajv with unicodeRegExp off.
// usage: node validate-azure.js SCHEMA FILE...
const fs = require('fs');
const yaml = require('js-yaml');
const Ajv = require('ajv');

const [schemaPath, ...files] = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
delete schema.$schema;
const ajv = new Ajv({ strict: false, unicodeRegExp: false, allErrors: false });
const validate = ajv.compile(schema);
let bad = 0;
for (const f of files) {
  const doc = yaml.load(fs.readFileSync(f, 'utf8'), { schema: yaml.FAILSAFE_SCHEMA });
  if (validate(doc)) {
    console.log(`valid ${f}`);
  } else {
    bad++;
    console.log(`INVALID ${f}: ${ajv.errorsText(validate.errors.slice(-5))}`);
  }
}
process.exit(bad ? 1 : 0);
