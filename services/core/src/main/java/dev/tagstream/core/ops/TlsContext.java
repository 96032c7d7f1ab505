package dev.tagstream.core.ops;

import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.config.HttpConfig;
import dev.tagstream.core.config.HttpSettings;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The server-side SSLContext of the HTTP endpoints, from the configured PKCS12 or JKS keystore. */
final class TlsContext {
  private TlsContext() {}

  static SSLContext of(HttpConfig http) {
    char[] password = http.keystorePassword().toCharArray();
    try {
      // KeyStore.getInstance(File, ...) recognises PKCS12 and JKS by content, so no type setting is
      // needed.
      KeyStore store = KeyStore.getInstance(http.keystore().toFile(), password);
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(keys.getKeyManagers(), null, null);
      return tls;
    } catch (IOException | GeneralSecurityException e) {
      // The message names the file and the failure, never the password.
      throw new ConfigException(
          "cannot load the TLS keystore "
              + HttpSettings.TLS_KEYSTORE.key()
              + "="
              + http.keystore().toAbsolutePath()
              + " (wrong "
              + HttpSettings.TLS_KEYSTORE_PASSWORD.key()
              + ", or not a PKCS12/JKS file?): "
              + e.getClass().getSimpleName(),
          e);
    }
  }
}
