"""A real Elasticsearch 8 single node for the tests, built from Maven Central artifacts.

Elastic's distribution archives are not reachable from the build machines, but the server jar
(``org.elasticsearch:elasticsearch``) and the HTTP module (``org.elasticsearch.plugin:transport-netty4``)
are published to Maven Central.  (``org.codelibs:elasticsearch-cluster-runner`` stopped at 7.10.2,
so it cannot give us an 8.x node.)  The first start therefore:

1. writes a small ``pom.xml`` into ``CACHE_DIR/elasticsearch-<version>/`` and lets Maven copy the
   pinned server + netty4 jars and their dependencies into ``lib/`` (Maven's own download cache
   is ``CACHE_DIR/maven`` so everything lives in one cache);
2. lays out ``modules/transport-netty4`` (plugin jar + netty jars + a descriptor without
   ``modulename``, so it loads through a plain class loader from the classpath server) and
   ``modules/analysis-indonesian``: a tiny plugin exposing Lucene's ``IndonesianAnalyzer`` as the
   ``indonesian`` analyzer (analysis-common is not published for 8.x; this is the class that
   module's ``indonesian`` analyzer wraps), used to compare stemmers via ``_analyze``;
3. compiles a small launcher (``dukung.es.Launcher``) that builds the node settings and runs
   ``new Node(environment, PluginsLoader)`` in-process: no security manager, no x-pack, so
   security is off.

Later starts reuse the cache (the ``.ready`` stamp) and only boot the JVM.  The node binds
127.0.0.1 only (HTTP and transport on free ports), ``discovery.type=single-node``, heap
``-Xms256m -Xmx1g``, disk watermarks off, data in the per-run work directory.

Limitations of this node compared with the official distribution: ``GET /`` (the ``rest-root``
module) and painless/ingest/reindex modules are absent; the Python client and Dukung do not need
them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from tests.services.base import (
    CACHE_DIR,
    Restartable,
    ServiceUnavailable,
    free_port,
    http_ok,
    log_file,
    run,
    stop_process,
    wait_for,
)

ES_VERSION = "8.19.21"  # newest 8.x on Maven Central when this was written; client is 8.19.x
HEAP = ("-Xms256m", "-Xmx1g")
_NETTY_MODULE_JARS = ("io/netty/", "/transport-netty4/", "/elasticsearch-ssl-config/")

_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dukung.test</groupId>
  <artifactId>elasticsearch-node</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.elasticsearch</groupId>
      <artifactId>elasticsearch</artifactId>
      <version>{v}</version>
    </dependency>
    <dependency>
      <groupId>org.elasticsearch.plugin</groupId>
      <artifactId>transport-netty4</artifactId>
      <version>{v}</version>
    </dependency>
  </dependencies>
</project>
"""

_LAUNCHER = r"""package dukung.es;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginsLoader;

/** One Elasticsearch node in-process. Args: home httpPort transportPort clusterName. */
public final class Launcher {
    public static void main(String[] args) throws Exception {
        Path home = Paths.get(args[0]).toAbsolutePath();
        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", args[3])
            .put("node.name", "dukung-test")
            .put("network.host", "127.0.0.1")
            .put("http.port", args[1])
            .put("transport.port", args[2])
            .put("discovery.type", "single-node")
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("indices.breaker.total.use_real_memory", false)
            .put("action.destructive_requires_name", true)
            .build();
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName("dukung-test");
        LogConfigurator.configureWithoutConfig(settings);
        Environment env = new Environment(settings, home.resolve("config"));
        PluginsLoader loader = PluginsLoader.createPluginsLoader(
            PluginsLoader.loadModulesBundles(env.modulesDir()), Set.of(), Map.of(), false);
        Node node = new Node(env, loader);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try { node.close(); } catch (Exception e) { e.printStackTrace(); }
            stopped.countDown();
        }));
        node.start();
        System.out.println("DUKUNG-ES-STARTED");
        System.out.flush();
        stopped.await();
    }
}
"""

_ANALYSIS_PLUGIN = r"""package dukung.es;

import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.id.IndonesianAnalyzer;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/** The analysis-common "indonesian" analyzer (Lucene IndonesianAnalyzer), for _analyze comparisons. */
public final class IndonesianAnalysisPlugin extends Plugin implements AnalysisPlugin {
    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        return Map.of("indonesian", (indexSettings, env, name, settings) ->
            new AbstractIndexAnalyzerProvider<IndonesianAnalyzer>(name, settings) {
                private final IndonesianAnalyzer analyzer = new IndonesianAnalyzer();
                @Override
                public IndonesianAnalyzer get() { return analyzer; }
            });
    }
}
"""


def _descriptor(name: str, classname: str, description: str) -> str:
    return (
        f"description={description}\nversion={ES_VERSION}\nname={name}\njava.version=17\n"
        f"elasticsearch.version={ES_VERSION}\nclassname={classname}\n"
    )


def _java_major(java: str) -> int:
    out = run([java, "-version"], timeout=60, what="java -version")
    text = out.stderr + out.stdout
    for token in text.replace('"', " ").split():
        head = token.split(".")[0]
        if head.isdigit() and token[0].isdigit():
            return int(head) if head != "1" else int(token.split(".")[1])
    return 0


def build(cache: Path | None = None) -> Path:
    """Fetch and lay out the node once; return the directory holding ``lib/``, ``modules/``."""
    root = (cache or CACHE_DIR) / f"elasticsearch-{ES_VERSION}"
    if (root / ".ready").exists():
        return root
    java, javac, mvn = shutil.which("java"), shutil.which("javac"), shutil.which("mvn")
    if not (java and javac and mvn):
        raise ServiceUnavailable("Elasticsearch uji butuh java, javac (JDK 17+) dan mvn (Maven)")
    if _java_major(java) < 17:
        raise ServiceUnavailable("Elasticsearch 8 butuh Java 17 atau lebih baru")
    tmp = root.with_name(root.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    (tmp / "pom.xml").write_text(_POM.format(v=ES_VERSION))
    run(
        [mvn, "-q", "-B", f"-Dmaven.repo.local={CACHE_DIR / 'maven'}", "dependency:copy-dependencies",
         "-DoutputDirectory=deps", "-Dmdep.useRepositoryLayout=true"],
        cwd=tmp, timeout=1200, what="mvn dependency:copy-dependencies (Elasticsearch)",
    )
    lib, netty = tmp / "lib", tmp / "modules" / "transport-netty4"
    analysis = tmp / "modules" / "analysis-indonesian"
    for d in (lib, netty, analysis):
        d.mkdir(parents=True)
    for jar in sorted((tmp / "deps").rglob("*.jar")):
        rel = "/" + jar.relative_to(tmp / "deps").as_posix()
        dest = netty if any(m in rel for m in _NETTY_MODULE_JARS) else lib
        shutil.copy2(jar, dest / jar.name)
    shutil.rmtree(tmp / "deps")
    (netty / "plugin-descriptor.properties").write_text(
        _descriptor("transport-netty4", "org.elasticsearch.transport.netty4.Netty4Plugin", "Netty 4 HTTP/transport")
    )
    (analysis / "plugin-descriptor.properties").write_text(
        _descriptor("analysis-indonesian", "dukung.es.IndonesianAnalysisPlugin", "Lucene Indonesian analyzer")
    )
    src = tmp / "src" / "dukung" / "es"
    src.mkdir(parents=True)
    (src / "Launcher.java").write_text(_LAUNCHER)
    (src / "IndonesianAnalysisPlugin.java").write_text(_ANALYSIS_PLUGIN)
    classes = tmp / "classes"
    classpath = os.pathsep.join(str(p) for p in sorted(lib.glob("*.jar")))
    run([javac, "-nowarn", "-d", str(classes), "-cp", classpath, str(src / "Launcher.java"),
         str(src / "IndonesianAnalysisPlugin.java")], timeout=300, what="javac (launcher Elasticsearch)")
    jar = shutil.which("jar") or str(Path(javac).with_name("jar"))
    run([jar, "cf", str(tmp / "launcher.jar"), "-C", str(classes), "dukung/es/Launcher.class"],
        timeout=120, what="jar launcher")
    plugin_classes = []
    for p in sorted((classes / "dukung" / "es").glob("IndonesianAnalysisPlugin*.class")):
        plugin_classes += ["-C", str(classes), p.relative_to(classes).as_posix()]
    run([jar, "cf", str(analysis / "dukung-analysis-indonesian.jar"), *plugin_classes],
        timeout=120, what="jar analysis plugin")
    shutil.rmtree(classes)
    (tmp / ".ready").write_text(ES_VERSION + "\n")
    shutil.rmtree(root, ignore_errors=True)
    tmp.rename(root)
    return root


class ElasticsearchService(Restartable):
    name = "elasticsearch"
    log_name = "elasticsearch"
    env = ("DUKUNG_TEST_ELASTICSEARCH_URL",)

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.home: Path | None = None
        self.log: Path | None = None
        self._log_handle = None
        self.timings: dict[str, float] = {}

    def start(self, workdir: Path, env: dict) -> dict[str, str]:
        t0 = time.monotonic()
        root = build()
        t1 = time.monotonic()
        home = workdir / "home"
        (home / "config").mkdir(parents=True, exist_ok=True)
        (home / "tmp").mkdir(exist_ok=True)
        modules = home / "modules"
        if not modules.exists():
            shutil.copytree(root / "modules", modules)
        http_port, transport_port = free_port(), free_port()
        classpath = os.pathsep.join([str(root / "launcher.jar"), *(str(p) for p in sorted((root / "lib").glob("*.jar")))])
        java = shutil.which("java") or "java"
        cmd = [
            java, *HEAP, "-XX:+UseSerialGC", "-Xss1m", "-Djava.net.preferIPv4Stack=true",
            "-Dfile.encoding=UTF-8", "-Djava.awt.headless=true", "-Dlog4j2.formatMsgNoLookups=true",
            f"-Djava.io.tmpdir={home / 'tmp'}", "-XX:-HeapDumpOnOutOfMemoryError",
            "-cp", classpath, "dukung.es.Launcher", str(home), str(http_port), str(transport_port),
            "dukung-test",
        ]
        self.log = log_file(self.log_name)
        self._log_handle = self.log.open("w")
        child_env = {k: v for k, v in env.items() if not k.startswith("DUKUNG_")}
        child_env.pop("JAVA_TOOL_OPTIONS", None)
        popen = dict(stdout=self._log_handle, stderr=subprocess.STDOUT, env=child_env, cwd=home,
                     start_new_session=True)
        self.proc = subprocess.Popen(cmd, **popen)
        self.home = home
        url = f"http://127.0.0.1:{http_port}"

        def ready() -> bool:
            return http_ok(f"{url}/_cluster/health?wait_for_status=yellow&timeout=1s")

        wait_for(ready, timeout=180, what="Elasticsearch", proc=self.proc, log=self.log)
        self._remember(cmd, popen, ready, "Elasticsearch", 180)
        t2 = time.monotonic()
        self.timings = {"build_s": t1 - t0, "boot_s": t2 - t1}
        print(f"[layanan] elasticsearch {ES_VERSION}: siapkan {t1 - t0:.1f} s, mulai JVM {t2 - t1:.1f} s ({url})")
        return {"DUKUNG_TEST_ELASTICSEARCH_URL": url}

    def stop(self) -> None:
        stop_process(self.proc, timeout=30)
        self.proc = None
        if self._log_handle is not None:
            self._log_handle.close()
            self._log_handle = None
        if self.home is not None:
            shutil.rmtree(self.home, ignore_errors=True)
            self.home = None


SERVICE = ElasticsearchService()
