// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// pulsemap-cli report on a simulated campaign and on an imported log, with no display: the PDF's text (pdftotext)
// carries the title, the totals and the top country's name as counted independently with sqlite3, its fonts
// are embedded (pdffonts), its first page renders (pdftoppm) with the map's dots on it; the PNG, SVG and CSV
// outputs; pages and visitors from a log; bad arguments.

#include "cli_runner.h"

#include <QImage>
#include <QLocale>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace pulsemap::test;

namespace {

// 2025-03-08 and 2025-03-14 at midnight in Europe/Paris (UTC+1 in March before the 30th).
constexpr qint64 kFromMs = 1741388400000;
constexpr qint64 kToMs = 1741906800000;

// A poppler tool's standard output; ok false when it failed.
QByteArray runTool(const QString &tool, const QStringList &arguments, bool *ok = nullptr)
{
    QProcess process;
    process.start(QStandardPaths::findExecutable(tool), arguments);
    const bool finished = process.waitForFinished(60000) && process.exitCode() == 0;
    if (ok != nullptr) {
        *ok = finished;
    }
    return finished ? process.readAllStandardOutput() : QByteArray();
}

QString grouped(qint64 n)
{
    return QLocale(QLocale::English).toString(n);
}

} // namespace

class TestCliReport : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_campaign;
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString range(const char *column = "ts") const
    {
        return QStringLiteral("%1 >= %2 AND %1 < %3").arg(column).arg(kFromMs).arg(kToMs);
    }
    QStringList reportArguments(const QString &output) const
    {
        return {"report", m_campaign,   "-o",   output,         "--from",  "2025-03-08",
                "--to",   "2025-03-14", "--tz", "Europe/Paris", "--title", "Spring send, week two"};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (const char *tool : {"pdftotext", "pdffonts", "pdftoppm"}) {
            if (QStandardPaths::findExecutable(tool).isEmpty()) {
                QSKIP("poppler-utils is not installed (scripts/setup-deps installs it)");
            }
        }
        m_campaign = path("sim.pulsemap");
        const CliResult simulated =
            runCli({"simulate", "-o", m_campaign, "--events", "60000", "--hours", "240", "--seed", "5"});
        QVERIFY2(simulated.exitCode == 0, simulated.err.constData());
    }

    void pdfHasTheFiguresInEmbeddedFonts()
    {
        const QString pdf = path("report.pdf");
        QProcess process; // no display at all: the command must not need one
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove("DISPLAY");
        environment.remove("WAYLAND_DISPLAY");
        environment.insert("QT_QPA_PLATFORM", "xcb");
        process.setProcessEnvironment(environment);
        process.start(cliPath(), reportArguments(pdf));
        QVERIFY(process.waitForFinished(60000));
        QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        const QJsonObject s = summary({0, process.readAllStandardOutput(), {}});

        const qint64 events = queryInt(m_campaign, "SELECT count(*) FROM events WHERE " + range());
        const qint64 previous = queryInt(m_campaign, QStringLiteral("SELECT count(*) FROM events WHERE ts >= %1 AND "
                                                                    "ts < %2")
                                                         .arg(2 * kFromMs - kToMs)
                                                         .arg(kFromMs));
        QVERIFY(events > 1000);
        QCOMPARE(s.value("events").toInteger(), events);
        QCOMPARE(s.value("previous_events").toInteger(), previous);
        QCOMPARE(s.value("buckets").toInt(), 6); // six local days

        const QString text = QString::fromUtf8(runTool("pdftotext", {"-layout", pdf, "-"}));
        QVERIFY2(text.contains("Spring send, week two"), qPrintable(text));
        QVERIFY2(text.contains(grouped(events)), qPrintable(text));
        QVERIFY(text.contains("Previous period: " + grouped(previous) + " events"));
        QVERIFY(text.contains("2025-03-08 00:00 to 2025-03-14 00:00 (Europe/Paris)"));
        // The top three countries by name, with their counts, as sqlite3 counts them.
        const QStringList top = queryStrings(m_campaign, "SELECT country FROM events WHERE " + range() +
                                                             " AND country IS NOT NULL GROUP BY country ORDER BY "
                                                             "count(*) DESC, country LIMIT 3");
        QCOMPARE(top.size(), 3);
        for (const QString &code : top) {
            const QString name = QLocale::territoryToString(QLocale::codeToTerritory(code));
            const qint64 count = queryInt(m_campaign, QStringLiteral("SELECT count(*) FROM events WHERE %1 AND "
                                                                     "country = '%2'")
                                                          .arg(range(), code));
            const QRegularExpression row(QRegularExpression::escape(name) + "\\s+" + grouped(count) + "\\b");
            QVERIFY2(text.contains(row), qPrintable(name + " " + grouped(count) + "\n" + text));
        }

        const QString fonts = QString::fromUtf8(runTool("pdffonts", {pdf}));
        const QStringList rows = fonts.split('\n', Qt::SkipEmptyParts).mid(2); // after the header lines
        QVERIFY2(!rows.isEmpty(), qPrintable(fonts));
        for (const QString &row : rows) {
            // name type encoding emb sub uni object ID: the "emb" column of every font says yes.
            const QStringList columns = row.simplified().split(' ');
            QVERIFY2(columns.size() >= 7 && columns[columns.size() - 5] == "yes", qPrintable(fonts));
        }

        // The first page as an image: white paper with the map's orange dots and the chart's blue bars.
        bool rendered = false;
        runTool("pdftoppm", {"-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, path("page")}, &rendered);
        QVERIFY(rendered);
        const QImage page(path("page.png"));
        QCOMPARE(page.width(), 496); // A4 at 60 dpi
        int orange = 0;
        int blue = 0;
        for (int y = 0; y < page.height(); ++y) {
            for (int x = 0; x < page.width(); ++x) {
                const QColor c = page.pixelColor(x, y);
                orange += static_cast<int>(c.red() > 200 && c.green() < 140 && c.blue() < 90);
                blue += static_cast<int>(c.blue() > 180 && c.red() < 60);
            }
        }
        QVERIFY2(orange > 200, qPrintable(QString::number(orange)));
        QVERIFY2(blue > 30, qPrintable(QString::number(blue)));
    }

    void pngSvgAndCsv()
    {
        QCOMPARE(runCli(reportArguments(path("report.png"))).exitCode, 0);
        const QImage png(path("report.png"));
        QCOMPARE(png.size(), QSize(1240, 1754)); // A4 at 150 dpi

        QCOMPARE(runCli(reportArguments(path("report.svg"))).exitCode, 0);
        const QByteArray svg = readFile(path("report.svg"));
        QVERIFY(svg.contains("<svg"));
        QVERIFY(svg.contains("Spring send, week two"));

        QCOMPARE(runCli(reportArguments(path("report.csv"))).exitCode, 0);
        const QList<QByteArray> lines = readFile(path("report.csv")).trimmed().split('\n');
        QCOMPARE(lines[0], QByteArray("table,key,detail,count,previous"));
        const qint64 events = queryInt(m_campaign, "SELECT count(*) FROM events WHERE " + range());
        QVERIFY(lines[1].startsWith("total,events,," + QByteArray::number(events) + ","));
        qint64 trendSum = 0;
        int trendRows = 0;
        for (const QByteArray &line : lines) {
            if (line.startsWith("trend,")) {
                ++trendRows;
                trendSum += line.split(',')[3].toLongLong();
                QVERIFY2(line.split(',')[1].endsWith("+01:00"), line.constData()); // local midnights
            }
        }
        QCOMPARE(trendRows, 6);
        QCOMPARE(trendSum, events);
        const QString topCode = queryStrings(m_campaign, "SELECT country FROM events WHERE " + range() +
                                                             " AND country IS NOT NULL GROUP BY country ORDER BY "
                                                             "count(*) DESC, country LIMIT 1")
                                    .value(0);
        QVERIFY(lines.contains("country," + topCode.toUtf8() + "," +
                               QLocale::territoryToString(QLocale::codeToTerritory(topCode)).toUtf8() + "," +
                               QByteArray::number(queryInt(m_campaign, "SELECT count(*) FROM events WHERE " + range() +
                                                                           " AND country = '" + topCode + "'")) +
                               ","));
    }

    void pagesAndVisitorsFromALog()
    {
        const QString campaign = path("log.pulsemap");
        const CliResult imported = runCli(
            {"import", "-o", campaign, "--geoip", testData("city-maxmind.mmdb"), fixture("apache_combined_10k.log")});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        QCOMPARE(runCli({"report", campaign, "-o", path("log.csv"), "--top", "3"}).exitCode, 0);
        const QList<QByteArray> lines = readFile(path("log.csv")).trimmed().split('\n');
        const qint64 visitors = queryInt(campaign, "SELECT count(DISTINCT visitor) FROM events");
        QVERIFY(visitors > 1);
        QVERIFY(lines.contains("total,visitors,," + QByteArray::number(visitors) + ","));
        const QStringList pages =
            queryStrings(campaign, "SELECT path FROM events GROUP BY path ORDER BY count(*) DESC, path LIMIT 3");
        QList<QByteArray> pageRows;
        for (const QByteArray &line : lines) {
            if (line.startsWith("page,")) {
                pageRows << line.split(',')[1];
            }
        }
        QCOMPARE(pageRows.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(QString::fromUtf8(pageRows[i]), pages[i]);
            QVERIFY(!pages[i].contains('?')); // stored without the query string
        }
        // stats --by path answers the same.
        const CliResult stats = runCli({"stats", campaign, "--by", "path", "--top", "3"});
        QCOMPARE(stats.exitCode, 0);
        QCOMPARE(stats.out.split('\n')[0], QByteArray("path,count"));
        QVERIFY(stats.out.split('\n')[1].startsWith(pages[0].toUtf8() + ","));
    }

    void badArguments()
    {
        QCOMPARE(runCli({"report", m_campaign}).exitCode, 2);                      // no -o
        QCOMPARE(runCli({"report", m_campaign, "-o", path("x.txt")}).exitCode, 2); // unknown format
        QCOMPARE(runCli({"report", m_campaign, "-o", path("x.pdf"), "--tz", "Mars/Olympus"}).exitCode, 2);
        QCOMPARE(runCli({"report", m_campaign, "-o", path("x.pdf"), "--top", "0"}).exitCode, 2);
        QCOMPARE(runCli({"report", fixture("apache_combined_10k.log"), "-o", path("x.pdf")}).exitCode, 2);
        const CliResult empty =
            runCli({"report", m_campaign, "-o", path("x.pdf"), "--from", "2025-03-10", "--to", "2025-03-09"});
        QCOMPARE(empty.exitCode, 1);
        QVERIFY2(empty.err.contains("--to must be after --from"), empty.err.constData());
        const CliResult none = runCli({"report", m_campaign, "-o", path("x.pdf"), "--type", "nosuchtype"});
        QCOMPARE(none.exitCode, 1);
        QVERIFY2(none.err.contains("no events to report on"), none.err.constData());
        QVERIFY(!QFile::exists(path("x.pdf")));
    }
};

QTEST_GUILESS_MAIN(TestCliReport)
#include "tst_cli_report.moc"
