package org.spinel.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The marker syntax, the run-file lookups and the number formats of the report renderer. */
class ReportRendererTest {
    @TempDir
    Path root;

    RunFiles files() throws IOException {
        Files.writeString(root.resolve("m.json"),
                "{\"a\": {\"b\": 0.84094, \"n\": 117600}, \"s\": \"2026-12-02T18:59Z\"}");
        Files.writeString(root.resolve("t.csv"), "k,v\n0.5,1.25\n0.8,-2.5\n");
        Files.writeString(root.resolve("b.jsonl"), "{\"bench\": \"x\", \"threads\": 1, \"loop_s\": 2.0}\n"
                + "{\"bench\": \"x\", \"threads\": 2, \"loop_s\": 1.234}\n");
        return new RunFiles(root, root);
    }

    @Test
    void valuesAndTablesAreReplacedAndTheRestIsKept() throws IOException {
        String doc = "# T\nacc <!-- spinel:value m.json#/a/b pct2 -->0<!-- /spinel:value --> %, n "
                + "<!-- spinel:value m.json#/a/n sep -->?<!-- /spinel:value -->, on "
                + "<!-- spinel:value m.json#/s date -->?<!-- /spinel:value -->; v "
                + "<!-- spinel:value t.csv#[k=0.8]/v f1 -->?<!-- /spinel:value -->, 2T "
                + "<!-- spinel:value b.jsonl#[threads=2]/loop_s f2 -->?<!-- /spinel:value -->, "
                + "<!-- spinel:value mine -->?<!-- /spinel:value -->\n"
                + "<!-- spinel:table t -->\nold\nlines\n<!-- /spinel:table -->\nend\n";
        ReportContent c = new ReportContent().value("mine", "42")
                .table("t", new MarkdownTable("a", "b").row("1", "x|y"));
        String out = ReportRenderer.render(doc, "doc.md", c, files());
        assertEquals("# T\nacc <!-- spinel:value m.json#/a/b pct2 -->84.09<!-- /spinel:value --> %, n "
                + "<!-- spinel:value m.json#/a/n sep -->117 600<!-- /spinel:value -->, on "
                + "<!-- spinel:value m.json#/s date -->2026-12-02<!-- /spinel:value -->; v "
                + "<!-- spinel:value t.csv#[k=0.8]/v f1 -->\u22122.5<!-- /spinel:value -->, 2T "
                + "<!-- spinel:value b.jsonl#[threads=2]/loop_s f2 -->1.23<!-- /spinel:value -->, "
                + "<!-- spinel:value mine -->42<!-- /spinel:value -->\n"
                + "<!-- spinel:table t -->\n| a | b |\n|---|---|\n| 1 | x\\|y |\n<!-- /spinel:table -->\nend\n", out);
        assertEquals(out, ReportRenderer.render(out, "doc.md", c, files()), "rendering is idempotent");
    }

    @Test
    void badMarkersAndMissingEntriesAreErrorsNamingTheLine() throws IOException {
        RunFiles f = files();
        ReportContent none = new ReportContent();
        String m = assertThrows(ReportException.class, () -> ReportRenderer.render(
                "x\n<!-- spinel:value nope -->1<!-- /spinel:value -->", "d.md", none, f)).getMessage();
        assertTrue(m.startsWith("d.md:2: no value \"nope\""), m);
        m = assertThrows(ReportException.class, () -> ReportRenderer.render("a", "d.md",
                new ReportContent().value("lost", "1"), f)).getMessage();
        assertTrue(m.contains("[lost]") && m.contains("no marker"), m);
        m = assertThrows(ReportException.class, () -> ReportRenderer.render("<!-- spinel:table t -->\n| a |", "d.md",
                new ReportContent().table("t", new MarkdownTable("a")), f)).getMessage();
        assertTrue(m.contains("not closed"), m);
        m = assertThrows(ReportException.class, () -> ReportRenderer.render(
                "<!-- spinel:value m.json#/a/zz f2 -->1<!-- /spinel:value -->", "d.md", none, f)).getMessage();
        assertTrue(m.contains("nothing at /a/zz"), m);
        m = assertThrows(ReportException.class, () -> ReportRenderer.render(
                "<!-- spinel:value m.json#/a/b -->1<!-- /spinel:value -->", "d.md", none, f)).getMessage();
        assertTrue(m.contains("needs a format"), m);
        m = assertThrows(ReportException.class, () -> ReportRenderer.render(
                "<!-- spinel:value t.csv#[k=9]/v f2 -->1<!-- /spinel:value -->", "d.md", none, f)).getMessage();
        assertTrue(m.contains("no row with [k=9]"), m);
        m = assertThrows(ReportException.class, () -> ReportRenderer.render(
                "<!-- spinel:value m.json#/a/b f2 -->1", "d.md", none, f)).getMessage();
        assertTrue(m.contains("malformed value marker"), m);
        m = assertThrows(ReportException.class, () -> ReportRenderer.render(
                "<!-- spinel:value ../../x.json#/a f2 -->1<!-- /spinel:value -->", "d.md", none, f)).getMessage();
        assertTrue(m.contains("outside the repository"), m);
    }

    @Test
    void numberFormats() {
        assertEquals("0.13", NumberFormats.fixed(0.125, 2), "half up on the decimal expansion");
        assertEquals("\u22120.036", NumberFormats.format(-0.03578, "f3"));
        assertEquals("0.000", NumberFormats.format(-0.00001, "f3"), "no negative zero");
        assertEquals("1649", NumberFormats.format(1649.0, "sep"));
        assertEquals("1 128 454", NumberFormats.format(1128454.0, "sep"));
        assertEquals("11.0", NumberFormats.format(660.4, "min1"));
        assertEquals("5.75e5", NumberFormats.format(575123.0, "sci2"));
        assertEquals("1e\u22126", NumberFormats.format(1e-6, "sci0"));
        assertEquals("670c08f", NumberFormats.format("670c08ff4f21", "c7"));
        assertThrows(ReportException.class, () -> NumberFormats.format(1.0, "g3"));
        assertThrows(ReportException.class, () -> NumberFormats.format("abc", "f2"));
    }
}
