package io.tapflow.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ColumnTypeTest {
    @Test
    void wrappersAreStrippedAndNullabilityKept() {
        ColumnType t = ColumnType.parse("LowCardinality(Nullable(String))");
        assertThat(t.base()).isEqualTo("String");
        assertThat(t.nullable()).isTrue();
        assertThat(t.isString()).isTrue();
        assertThat(t.text()).isEqualTo("LowCardinality(Nullable(String))");
        assertThat(ColumnType.parse("UInt32").nullable()).isFalse();
    }

    @Test
    void argumentsAreSplitAtTopLevelCommasOnly() {
        ColumnType dt = ColumnType.parse("DateTime64(6, 'Asia/Shanghai')");
        assertThat(dt.args()).containsExactly("6", "'Asia/Shanghai'");
        assertThat(dt.precision()).isEqualTo(6);
        assertThat(ColumnType.parse("Enum8('a,b' = 1, 'c)' = 2)").args()).containsExactly("'a,b' = 1", "'c)' = 2");
        assertThat(ColumnType.parse("Map(String, Array(UInt16))").args()).containsExactly("String", "Array(UInt16)");
    }

    @Test
    void arrayElementsAreTypesOfTheirOwn() {
        ColumnType e = ColumnType.parse("Array(Nullable(UInt16))").element();
        assertThat(e.base()).isEqualTo("UInt16");
        assertThat(e.nullable()).isTrue();
        assertThatThrownBy(() -> ColumnType.parse("String").element()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void familiesAreRecognised() {
        assertThat(ColumnType.parse("Int64").isInteger()).isTrue();
        assertThat(ColumnType.parse("Float32").isNumeric()).isTrue();
        assertThat(ColumnType.parse("Bool").isNumeric()).isTrue();
        assertThat(ColumnType.parse("FixedString(16)").isString()).isTrue();
        assertThat(ColumnType.parse("Enum16('x' = 1)").isEnum()).isTrue();
        assertThat(ColumnType.parse("IPv6").isString()).isFalse();
    }
}
