// hotlaneCredentials: the withCredentials bindings for a hotlane step's
// credentialsId, by its kind (credentialsType), so that every kind of
// Jenkins credential reaches hotlane as its HOTLANE_* variables:
//   secretText (default)  a token                        HOTLANE_TOKEN
//   usernamePassword      a user and a password/token    HOTLANE_USERNAME, HOTLANE_TOKEN
//   githubApp             a GitHub App credential (GitHub Branch Source plugin), which binds as
//                         the app's id and an installation token: HOTLANE_TOKEN (the user is
//                         x-access-token, as GitHub wants for installation tokens)
//   sshKey                an SSH private key             HOTLANE_SSH_KEY (a file), HOTLANE_SSH_KEY_PASSPHRASE
// Without credentialsId there is none: the agent's own credentials are used
// (an SSH agent started by sshagent(['id']) { ... }, or an HTTPS remote's).
//
//   withCredentials(hotlaneCredentials(credentialsId: 'deploy-key', credentialsType: 'sshKey')) { ... }
List call(Map settings = [:]) {
    String id = settings.credentialsId
    if (!id) {
        return []
    }
    String type = settings.credentialsType ?: 'secretText'
    switch (type) {
        case 'secretText':
            return [string(credentialsId: id, variable: 'HOTLANE_TOKEN')]
        case 'usernamePassword':
            return [usernamePassword(credentialsId: id, usernameVariable: 'HOTLANE_USERNAME', passwordVariable: 'HOTLANE_TOKEN')]
        case 'githubApp':
            return [usernamePassword(credentialsId: id, usernameVariable: 'GITHUB_APP', passwordVariable: 'HOTLANE_TOKEN')]
        case 'sshKey':
            return [sshUserPrivateKey(credentialsId: id, keyFileVariable: 'HOTLANE_SSH_KEY',
                passphraseVariable: 'HOTLANE_SSH_KEY_PASSPHRASE')]
        default:
            error("hotlane: credentialsType '${type}' is none of secretText, usernamePassword, githubApp, sshKey")
    }
    return []
}
