package dev.weft.flight;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 and localhost as PEM files, made with the JDK's keytool (then converted
 * here) or, failing that, with openssl. Empty if neither tool is there.
 */
record SelfSignedCertificate(Path certificateChain, Path privateKey) {
    private static final String PASSWORD = "weft-test";
    private static final String ALIAS = "weft";

    static Optional<SelfSignedCertificate> create(Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (Files.isExecutable(keytool)) {
            return Optional.of(withKeytool(keytool, directory));
        }
        Optional<Path> openssl = onPath("openssl");
        if (openssl.isPresent()) {
            return Optional.of(withOpenssl(openssl.get(), directory));
        }
        return Optional.empty();
    }

    private static SelfSignedCertificate withKeytool(Path keytool, Path directory) throws IOException, InterruptedException {
        Path keystore = directory.resolve("server.p12");
        run(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD),
                directory);
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            PrivateKey key = (PrivateKey) store.getKey(ALIAS, PASSWORD.toCharArray());
            Certificate certificate = store.getCertificate(ALIAS);
            Path certificatePem = Files.writeString(directory.resolve("server-cert.pem"), pem("CERTIFICATE", certificate.getEncoded()));
            // getEncoded() of a private key is PKCS#8: what Netty reads without extra providers.
            Path keyPem = Files.writeString(directory.resolve("server-key.pem"), pem("PRIVATE KEY", key.getEncoded()));
            return new SelfSignedCertificate(certificatePem, keyPem);
        } catch (GeneralSecurityException e) {
            throw new IOException("could not read the keystore keytool wrote: " + e, e);
        }
    }

    private static SelfSignedCertificate withOpenssl(Path openssl, Path directory) throws IOException, InterruptedException {
        Path certificate = directory.resolve("server-cert.pem");
        Path key = directory.resolve("server-key.pem");
        run(List.of(openssl.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", certificate.toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"), directory);
        return new SelfSignedCertificate(certificate, key);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN %s-----\n%s\n-----END %s-----\n".formatted(type,
                Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der), type);
    }

    private static void run(List<String> command, Path directory) throws IOException, InterruptedException {
        Path output = directory.resolve("tool-output.txt");
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("%s failed: %s".formatted(command.get(0), Files.readString(output)));
        }
    }

    private static Optional<Path> onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(directory, tool);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
