// hotlaneInstall: installs hotlane on the agent and returns the directory
// that holds it. The release is the one the version names (latest, 1, 1.2,
// 1.2.3), resolved against the release list and verified against its
// checksums.txt before anything is installed; the installer is the
// library's copy of pipelines/install.sh (resources/io/hotlane/install.sh).
//
//   withEnv(["PATH+HOTLANE=${hotlaneInstall(version: '1')}"]) {
//       hotlaneCheck()
//   }
String call(Map settings = [:]) {
    String dir = "${pwd(tmp: true)}/hotlane-bin"
    writeFile(file: "${dir}/install.sh", text: libraryResource('io/hotlane/install.sh'))
    // the version travels as a variable, never as shell text: install.sh refuses anything but a version
    withEnv(["HOTLANE_VERSION=${settings.version ?: 'latest'}", "HOTLANE_INSTALL_DIR=${dir}"]) {
        sh 'sh "$HOTLANE_INSTALL_DIR/install.sh" "$HOTLANE_VERSION" "$HOTLANE_INSTALL_DIR"'
    }
    return dir
}
