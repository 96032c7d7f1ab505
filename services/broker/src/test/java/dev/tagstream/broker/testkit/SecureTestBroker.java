package dev.tagstream.broker.testkit;

import dev.tagstream.broker.EmbeddedKafka;
import dev.tagstream.broker.SaslSslListener;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.KafkaSettings;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.testkit.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * A second test broker, one per test JVM, whose only client listener is SASL_SSL with SCRAM-SHA-512
 * and whose ACLs are enforced ({@code StandardAuthorizer}, nothing allowed without an ACL). {@link
 * #ADMIN} is its super user; tests create their own users and grant them exactly what a role needs.
 */
public final class SecureTestBroker {
  public static final String ADMIN = "admin";
  private static final String ADMIN_PASSWORD = "admin-secret";
  private static final String STORE_PASSWORD = "store-secret";
  private static SecureTestBroker instance;

  private final EmbeddedKafka kafka;
  private final TestCertificates certificates;
  private final Path dir;

  private SecureTestBroker(EmbeddedKafka kafka, TestCertificates certificates, Path dir) {
    this.kafka = kafka;
    this.certificates = certificates;
    this.dir = dir;
  }

  public static synchronized SecureTestBroker get() {
    if (instance == null) {
      try {
        Path dir = Files.createTempDirectory("tagstream-test-sasl");
        TestCertificates certs = TestCertificates.generate(dir, STORE_PASSWORD);
        EmbeddedKafka k =
            EmbeddedKafka.start(
                dir.resolve("kafka"),
                0,
                new SaslSslListener(
                    certs.keystore(), certs.truststore(), STORE_PASSWORD, ADMIN, ADMIN_PASSWORD));
        Runtime.getRuntime().addShutdownHook(new Thread(k::close));
        instance = new SecureTestBroker(k, certs, dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  public String bootstrap() {
    return kafka.bootstrap();
  }

  /** The PKCS12 truststore a client needs to trust the broker's certificate. */
  public Path truststore() {
    return certificates.truststore();
  }

  /** The truststore's password (a secret: a test that checks logs for secrets looks for it). */
  public String truststorePassword() {
    return certificates.password();
  }

  /**
   * Writes a client properties file for {@code user}, as an operator would mount it: SASL_SSL,
   * SCRAM-SHA-512, the truststore, and the JAAS line (with the password) in its own secret file
   * referenced as {@code file:PATH}.
   */
  public Path clientPropertiesFile(String user, String password) {
    try {
      Path jaas =
          Files.writeString(
              Files.createTempFile(dir, user + "-jaas", ".secret"),
              SaslSslListener.jaas(user, password));
      Path props = Files.createTempFile(dir, user + "-client", ".properties");
      Files.write(
          props,
          List.of(
              "security.protocol=SASL_SSL",
              "sasl.mechanism=" + SaslSslListener.MECHANISM,
              "sasl.jaas.config=file:" + jaas,
              "ssl.truststore.location=" + certificates.truststore(),
              "ssl.truststore.type=PKCS12",
              "ssl.truststore.password=" + certificates.password()));
      return props;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A command's Kafka config on this broker as its flags would give it: {@code --bootstrap}, {@code
   * --topic-prefix}, {@code --kafka-config FILE} and {@code more}.
   */
  public KafkaConfig config(String topicPrefix, Path clientProperties, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrap",
                bootstrap(),
                "--topic-prefix",
                topicPrefix,
                "--partitions",
                "1",
                "--kafka-config",
                clientProperties.toString()));
    args.addAll(List.of(more));
    return KafkaSettings.read(Settings.parse(KafkaSettings.all(), args, Map.of()));
  }

  /** {@link #config} for the super user. */
  public KafkaConfig adminConfig(String topicPrefix) {
    return config(topicPrefix, adminPropertiesFile());
  }

  /** The super user's client properties file. */
  public Path adminPropertiesFile() {
    return clientPropertiesFile(ADMIN, ADMIN_PASSWORD);
  }

  /**
   * Creates (or changes the password of) a SCRAM-SHA-512 user and waits until the broker knows it.
   */
  public void createUser(String user, String password) {
    try (Admin admin = admin()) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
          .all()
          .get(30, TimeUnit.SECONDS);
      await(
          () -> !admin.describeUserScramCredentials(List.of(user)).all().get().isEmpty(),
          "user " + user);
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      throw new IllegalStateException("cannot create SCRAM user " + user, e);
    }
  }

  /**
   * Grants {@code user} the operations on one resource and waits until the authorizer holds the
   * ACLs.
   */
  public void allow(
      String user,
      ResourceType type,
      String name,
      PatternType pattern,
      AclOperation... operations) {
    List<AclBinding> bindings = new ArrayList<>();
    ResourcePattern resource = new ResourcePattern(type, name, pattern);
    for (AclOperation op : operations) {
      bindings.add(
          new AclBinding(
              resource, new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW)));
    }
    create(bindings);
  }

  /**
   * Grants {@code user} exactly {@code acls} (a service's rows of {@link ServiceAcls}) under the
   * topic prefix, in one request, and waits until the authorizer holds them.
   */
  public void grant(String user, String topicPrefix, List<ServiceAcls.Acl> acls) {
    create(acls.stream().map(a -> a.binding(topicPrefix, user)).toList());
  }

  private void create(List<AclBinding> bindings) {
    try (Admin admin = admin()) {
      admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
      await(
          () -> admin.describeAcls(AclBindingFilter.ANY).values().get().containsAll(bindings),
          "ACLs " + bindings);
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      throw new IllegalStateException("cannot create ACLs " + bindings, e);
    }
  }

  private Admin admin() {
    Map<String, Object> p = new java.util.HashMap<>();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put("security.protocol", "SASL_SSL");
    p.put("sasl.mechanism", SaslSslListener.MECHANISM);
    p.put("sasl.jaas.config", SaslSslListener.jaas(ADMIN, ADMIN_PASSWORD));
    p.put("ssl.truststore.location", certificates.truststore().toString());
    p.put("ssl.truststore.type", "PKCS12");
    p.put("ssl.truststore.password", certificates.password());
    return Admin.create(p);
  }

  private interface Check {
    boolean done() throws Exception;
  }

  private static void await(Check check, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        if (check.done()) {
          return;
        }
      } catch (Exception e) {
        // not visible yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(what + " not visible on the broker after 30 s");
  }
}
