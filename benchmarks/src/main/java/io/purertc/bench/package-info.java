/** JMH benchmarks of PureRTC's hot paths. Build with {@code mvn -pl benchmarks -am package}. */
package io.purertc.bench;
