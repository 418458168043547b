// hotlaneEnv: the HOTLANE_* variables for a map of hotlane settings, so that
// a step passes its settings as environment variables and never builds a
// shell command from them (no quoting, no injection). Keys are the flags in
// camel case (tagTemplate, requireReleasedIn); a list becomes one value per
// line, as repeatable flags take them.
List<String> call(Map settings = [:]) {
    List<String> vars = []
    settings.each { String key, Object value ->
        if (value == null || key in ['credentialsId', 'credentialsType', 'failOnMissing', 'version', 'junit', 'propertiesFile']) {
            return
        }
        String name = 'HOTLANE_' + key.replaceAll(/([A-Z])/, '_$1').toUpperCase()
        String text = value instanceof List ? value.join('\n') : value.toString()
        vars << "${name}=${text}"
    }
    return vars
}
