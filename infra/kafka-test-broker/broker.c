/*
 * kafka-test-broker: a Kafka-protocol broker for tests, on librdkafka's mock cluster.
 *
 *   kafka-test-broker [--brokers N] [--topic NAME:PARTITIONS]...
 *
 * Prints "BOOTSTRAP host:port[,host:port...]" on stdout once the cluster is up, then reads commands on stdin,
 * one per line, answering "OK ..." or "ERR ...":
 *   topic NAME PARTITIONS   create a topic (the mock does not support the CreateTopics admin call)
 *   down BROKER_ID          take a broker offline (connections refused/closed)
 *   up BROKER_ID            bring it back
 *   quit                    exit
 * It exits on end of stdin or SIGTERM/SIGINT.
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested = 0;

static void on_signal(int sig) {
  (void)sig;
  stop_requested = 1;
  /* Closing stdin wakes the blocking read below. */
  close(STDIN_FILENO);
}

static int create_topic(rd_kafka_mock_cluster_t *mcluster, const char *name, int partitions) {
  if (partitions < 1 || partitions > 1024) return -1;
  rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(mcluster, name, partitions, 1);
  return err == RD_KAFKA_RESP_ERR_NO_ERROR ? 0 : -1;
}

int main(int argc, char **argv) {
  int brokers = 1;
  char errstr[512];

  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  signal(SIGPIPE, SIG_IGN);

  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "client.id", "kafka-test-broker", errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
    fprintf(stderr, "conf: %s\n", errstr);
    return 1;
  }
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);

  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--brokers") == 0 && i + 1 < argc) {
      brokers = atoi(argv[++i]);
    } else if (strcmp(argv[i], "--topic") == 0 && i + 1 < argc) {
      i++; /* topics are created after the cluster exists */
    } else {
      fprintf(stderr, "usage: %s [--brokers N] [--topic NAME:PARTITIONS]...\n", argv[0]);
      return 2;
    }
  }
  if (brokers < 1 || brokers > 16) {
    fprintf(stderr, "--brokers must be 1..16\n");
    return 2;
  }

  /* The mock cluster lives inside a client handle; this one never produces. */
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) {
    fprintf(stderr, "rd_kafka_new: %s\n", errstr);
    return 1;
  }
  rd_kafka_mock_cluster_t *mcluster = rd_kafka_mock_cluster_new(rk, brokers);
  if (!mcluster) {
    fprintf(stderr, "could not create the mock cluster\n");
    return 1;
  }

  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--topic") == 0 && i + 1 < argc) {
      char spec[512];
      snprintf(spec, sizeof spec, "%s", argv[++i]);
      char *colon = strrchr(spec, ':');
      int partitions = 1;
      if (colon) {
        *colon = '\0';
        partitions = atoi(colon + 1);
      }
      if (create_topic(mcluster, spec, partitions) != 0) {
        fprintf(stderr, "could not create topic %s\n", spec);
        return 1;
      }
    } else if (strcmp(argv[i], "--brokers") == 0) {
      i++;
    }
  }

  printf("BOOTSTRAP %s\n", rd_kafka_mock_cluster_bootstraps(mcluster));
  fflush(stdout);

  char line[1024];
  while (!stop_requested && fgets(line, sizeof line, stdin)) {
    char cmd[32] = {0}, arg[512] = {0};
    int num = 0;
    int n = sscanf(line, "%31s %511s %d", cmd, arg, &num);
    if (n < 1) continue;
    if (strcmp(cmd, "quit") == 0) {
      printf("OK quit\n");
      fflush(stdout);
      break;
    } else if (strcmp(cmd, "topic") == 0 && n == 3) {
      if (create_topic(mcluster, arg, num) == 0) printf("OK topic %s %d\n", arg, num);
      else printf("ERR topic %s\n", arg);
    } else if ((strcmp(cmd, "down") == 0 || strcmp(cmd, "up") == 0) && n >= 2) {
      int id = atoi(arg);
      rd_kafka_resp_err_t err = strcmp(cmd, "down") == 0 ? rd_kafka_mock_broker_set_down(mcluster, id)
                                                          : rd_kafka_mock_broker_set_up(mcluster, id);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) printf("OK %s %d\n", cmd, id);
      else printf("ERR %s %d: %s\n", cmd, id, rd_kafka_err2str(err));
    } else {
      printf("ERR unknown command\n");
    }
    fflush(stdout);
  }

  rd_kafka_mock_cluster_destroy(mcluster);
  rd_kafka_destroy(rk);
  return 0;
}
