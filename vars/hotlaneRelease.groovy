// hotlaneRelease: record the deploy this build just made (the annotated
// release tag, and for production the hotfix lane), and return the outputs
// as a map: release, tag, lane, commit, previousRelease, previousTag,
// previousCommit, dropped.
//
//   def release = hotlaneRelease(credentialsId: 'git-push-token')
//   build job: 'hotfix-dev-deploy', parameters: [string(name: 'HOTFIX_BRANCH', value: release.lane)]
Map call(Map settings = [:]) {
    List<String> vars = hotlaneEnv(settings) + ['HOTLANE_ENV_FILE=hotlane-release.properties', 'HOTLANE_ENV_FILE_FORMAT=properties']
    if (settings.version) {
        vars << "PATH+HOTLANE=${hotlaneInstall(version: settings.version)}"
    }
    // an earlier build's outputs must never be read back as this one's
    sh 'rm -f hotlane-release.properties'
    withEnv(vars) {
        // Jenkins masks the credentials; hotlane never prints them either
        withCredentials(hotlaneCredentials(settings)) {
            sh 'hotlane release'
        }
    }
    Map out = readProperties(file: 'hotlane-release.properties')
    return [
        release: out.HOTLANE_OUT_RELEASE,
        tag: out.HOTLANE_OUT_TAG,
        lane: out.HOTLANE_OUT_LANE,
        commit: out.HOTLANE_OUT_COMMIT,
        previousRelease: out.HOTLANE_OUT_PREVIOUS_RELEASE,
        previousTag: out.HOTLANE_OUT_PREVIOUS_TAG,
        previousCommit: out.HOTLANE_OUT_PREVIOUS_COMMIT,
        dropped: out.HOTLANE_OUT_DROPPED,
    ]
}
