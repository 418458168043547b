// Reads a properties file the way Jenkins' readProperties does
// (java.util.Properties.load over a Reader) and prints each entry as
// hex(key) SPACE hex(value), sorted, so Go can compare bytes exactly.
import java.io.FileReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.TreeSet;

public class LoadProperties {
    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        try (FileReader r = new FileReader(args[0], StandardCharsets.UTF_8)) {
            p.load(r);
        }
        for (String k : new TreeSet<>(p.stringPropertyNames())) {
            System.out.println(hex(k) + " " + hex(p.getProperty(k)));
        }
    }

    static String hex(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) b.append(String.format("%02x", x));
        return b.length() == 0 ? "-" : b.toString();
    }
}
