// hotlaneCheck: the backport gate before a deploy. It publishes the report
// with the junit step (each missing hotfix commit a failed test), fails the
// build while hotfix commits are missing (exit 1), and returns the exit code
// when asked to continue (failOnMissing: false). The report of an earlier
// build is removed first, so a run that fails early never publishes it.
//
//   hotlaneCheck(environment: 'production', credentialsId: 'git-read-token')
//   hotlaneCheck(version: '1', credentialsId: 'deploy-key', credentialsType: 'sshKey')
int call(Map settings = [:]) {
    boolean failOnMissing = settings.failOnMissing == null ? true : settings.failOnMissing
    List<String> vars = hotlaneEnv(settings) + ['HOTLANE_FORMAT=junit', 'HOTLANE_OUTPUT=hotlane-backports.xml']
    if (settings.version) {
        vars << "PATH+HOTLANE=${hotlaneInstall(version: settings.version)}"
    }
    sh 'rm -f hotlane-backports.xml'
    int status = 0
    withEnv(vars) {
        withCredentials(hotlaneCredentials(settings)) {
            status = sh(script: 'hotlane check', returnStatus: true)
        }
    }
    if (fileExists('hotlane-backports.xml')) {
        junit(testResults: 'hotlane-backports.xml', allowEmptyResults: true)
    }
    if (status == 1 && failOnMissing) {
        error('The backport gate failed: hotfix commits are missing from this build (see the test report), or an earlier environment did not release it')
    }
    if (status > 1) {
        error("hotlane check could not run (exit ${status}): see the log above")
    }
    return status
}
