// Reads a log on stdin and parses every ##vso line with
// azure-pipelines-task-lib's own commandFromString, printing one JSON
// object a line: what the agent would act on.
const { commandFromString } = require('azure-pipelines-task-lib/taskcommand');
const lines = require('fs').readFileSync(0, 'utf8').split('\n');
for (const line of lines) {
  const i = line.indexOf('##vso[');
  if (i < 0) continue;
  const cmd = commandFromString(line.substring(i));
  console.log(JSON.stringify({ command: cmd.command, properties: cmd.properties, message: cmd.message }));
}
