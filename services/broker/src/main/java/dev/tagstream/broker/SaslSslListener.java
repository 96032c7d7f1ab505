package dev.tagstream.broker;

import dev.tagstream.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the embedded broker secures its client listener: SASL_SSL with SCRAM-SHA-512, ACLs enforced
 * by KRaft's {@code StandardAuthorizer}. {@code admin} is a super user whose SCRAM credential is
 * written into the cluster metadata when the storage is formatted, so it can create every other
 * user and ACL through the Admin API.
 */
public record SaslSslListener(
    Path keystore, Path truststore, String storePassword, String admin, String adminPassword) {
  public static final String MECHANISM = "SCRAM-SHA-512";

  public SaslSslListener {
    for (Path store : new Path[] {keystore, truststore}) {
      if (store == null || !Files.isReadable(store)) {
        throw new ConfigException(
            "the broker key or trust store " + store + " is not a readable PKCS12 file");
      }
    }
    for (String v : new String[] {storePassword, admin, adminPassword}) {
      // Quotes and brackets would break the JAAS line and the --add-scram argument they are written
      // into.
      if (v == null || v.isBlank() || !v.matches("[A-Za-z0-9._-]+")) {
        throw new ConfigException(
            "broker key store password, admin user and admin password must be non-empty and"
                + " use only letters, digits, '.', '_' and '-'");
      }
    }
  }

  /**
   * Broker settings: SASL_SSL clients on {@code port}, a plaintext controller on {@code
   * controllerPort}.
   */
  Map<String, String> brokerProperties(int port, int controllerPort) {
    Map<String, String> p = new TreeMap<>();
    p.put(
        "listeners", "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port);
    p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "SASL_SSL");
    p.put("sasl.enabled.mechanisms", MECHANISM);
    p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
    p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(admin, adminPassword));
    p.put("ssl.keystore.type", "PKCS12");
    p.put("ssl.keystore.location", keystore.toAbsolutePath().toString());
    p.put("ssl.keystore.password", storePassword);
    p.put("ssl.key.password", storePassword);
    // The broker checks at start that a client with its own settings could connect (inter-broker
    // traffic), so it
    // must trust its certificate too.
    p.put("ssl.truststore.type", "PKCS12");
    p.put("ssl.truststore.location", truststore.toAbsolutePath().toString());
    p.put("ssl.truststore.password", storePassword);
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.put("allow.everyone.if.no.acl.found", "false");
    // The controller listener is plaintext on loopback only; the broker half of this node reaches
    // the controller
    // half through it as ANONYMOUS, which needs CLUSTER_ACTION, so ANONYMOUS is a super user there.
    // Clients are
    // only ever told the SASL_SSL address.
    p.put("super.users", "User:" + admin + ";User:ANONYMOUS");
    return p;
  }

  /**
   * The {@code kafka-storage format} arguments that write the admin's SCRAM credential into the
   * metadata log.
   */
  List<String> formatArguments() {
    return List.of(
        "--add-scram", MECHANISM + "=[name=" + admin + ",password=" + adminPassword + "]");
  }

  /** A client JAAS line for SCRAM. */
  public static String jaas(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }
}
