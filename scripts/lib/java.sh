# shellcheck shell=bash
# Starting the project's Java mains from scripts. Source after common.sh.
#
# Convention: a module whose mains the scripts start writes its runtime classpath to
# MODULE/target/classpath.txt at `package`, by adding this to its pom's <build><plugins>:
#
#   <plugin>
#     <groupId>org.apache.maven.plugins</groupId>
#     <artifactId>maven-dependency-plugin</artifactId>
#     <executions>
#       <execution>
#         <id>runtime-classpath</id>
#         <phase>package</phase>
#         <goals><goal>build-classpath</goal></goals>
#         <configuration>
#           <includeScope>runtime</includeScope>
#           <outputFile>${project.build.directory}/classpath.txt</outputFile>
#         </configuration>
#       </execution>
#     </executions>
#   </plugin>
#
# Then, from scripts/cmd/NAME.sh:
#
#   source "$(dirname "$0")/../lib/common.sh"; source "$(dirname "$0")/../lib/java.sh"
#   tf_load_settings
#   tf_build_modules capture-agent            # mvn install only if missing or stale
#   tf_java_main capture-agent io.tapflow.agent.AgentMain "$@"   # exec, in the foreground
#
# Extra JVM options come from TAPFLOW_JAVA_OPTS (word-split), e.g. TAPFLOW_JAVA_OPTS="-Xmx2g".

# Flink on Java 17 needs these (the list Flink's own config.yaml puts in env.java.opts.all);
# any JVM that runs Flink code (cluster, MiniCluster, job client) should get them.
TF_FLINK_JAVA_OPTS=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

tf_java() {
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
    echo "$JAVA_HOME/bin/java"
  else
    command -v java || tf_die "java not found: install a JDK 17 or set JAVA_HOME"
  fi
}

# True when MODULE (a path relative to the repo root) has no classpath file, or when its pom,
# its parent's pom, the root pom or a source file is newer than that file.
tf_module_stale() {
  local dir=$TAPFLOW_ROOT/$1
  local cp_file=$dir/target/classpath.txt
  [[ -f $cp_file ]] || return 0
  local inputs=("$TAPFLOW_ROOT/pom.xml" "$dir/pom.xml")
  [[ -f $dir/../pom.xml ]] && inputs+=("$dir/../pom.xml")
  [[ -d $dir/src/main ]] && inputs+=("$dir/src/main")
  [[ -n $(find "${inputs[@]}" -newer "$cp_file" -print -quit 2>/dev/null) ]]
}

# Builds (mvn install, no tests) the given modules and what they depend on, if any is stale.
tf_build_modules() {
  local stale=() module
  for module in "$@"; do
    tf_module_stale "$module" && stale+=("$module")
  done
  ((${#stale[@]} == 0)) && return 0
  command -v mvn >/dev/null || tf_die "mvn not found: install Maven 3.8+"
  local log=$TAPFLOW_HOME/logs/build.log
  mkdir -p "$TAPFLOW_HOME/logs"
  local list
  list=$(IFS=,; echo "${stale[*]}")
  tf_info "building ${stale[*]} (mvn install -DskipTests; log: $log)"
  if ! (cd "$TAPFLOW_ROOT" && mvn -B -ntp install -DskipTests -pl "$list" -am) >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    tf_die "the Maven build of ${stale[*]} failed (full log: $log)"
  fi
  # build-classpath leaves an unchanged file untouched; mark the modules fresh explicitly
  for module in "${stale[@]}"; do
    [[ -f $TAPFLOW_ROOT/$module/target/classpath.txt ]] ||
      tf_die "$module built but wrote no target/classpath.txt (see the convention in scripts/lib/java.sh)"
    touch "$TAPFLOW_ROOT/$module/target/classpath.txt"
  done
}

# The module's own jar (if it builds one) followed by its dependencies.
tf_module_classpath() {
  local dir=$TAPFLOW_ROOT/$1 jar cp=""
  [[ -f $dir/target/classpath.txt ]] || tf_die "$1 is not built: $dir/target/classpath.txt is missing"
  for jar in "$dir"/target/*.jar; do
    [[ -f $jar ]] || continue
    # only the module's main jar: attached artifacts (the shaded *-job.jar for cluster submission, tests,
    # sources) hold other or older copies of the same classes and would shadow it
    case $jar in *-sources.jar | *-tests.jar | *-javadoc.jar | *-job.jar | */original-*) continue ;; esac
    cp+=$jar:
  done
  echo "$cp$(<"$dir/target/classpath.txt")"
}

# Runs MAIN from MODULE in the foreground, replacing the shell.
tf_java_main() {
  local module=$1 main=$2
  shift 2
  local opts=()
  # shellcheck disable=SC2206 # word splitting of user-supplied JVM options is intended
  [[ -n ${TAPFLOW_JAVA_OPTS:-} ]] && opts=($TAPFLOW_JAVA_OPTS)
  exec "$(tf_java)" "${opts[@]}" -cp "$(tf_module_classpath "$module")" "$main" "$@"
}
