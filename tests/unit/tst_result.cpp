// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "core/clock.h"
#include "core/result.h"

#include <QtTest>

#include <memory>

using namespace pulsemap;

namespace {
Result<int> parsePositive(int n)
{
    if (n <= 0) {
        return fail("not positive: " + std::to_string(n));
    }
    return n;
}

Status checkEven(int n)
{
    if (n % 2 != 0) {
        return fail("odd");
    }
    return {};
}
} // namespace

class TstResult : public QObject
{
    Q_OBJECT
private slots:
    void valueSide()
    {
        const Result<int> r = parsePositive(7);
        QVERIFY(r.ok());
        QVERIFY(static_cast<bool>(r));
        QCOMPARE(*r, 7);
        QVERIFY(r.message().empty());
    }

    void errorSide()
    {
        const Result<int> r = parsePositive(-2);
        QVERIFY(!r);
        QCOMPARE(r.error().message, std::string("not positive: -2"));
        QCOMPARE(r.message(), std::string("not positive: -2"));
    }

    void moveOnlyValues()
    {
        Result<std::unique_ptr<int>> r = std::make_unique<int>(3);
        QVERIFY(r);
        std::unique_ptr<int> taken = std::move(r).value();
        QCOMPARE(*taken, 3);
    }

    void voidResult()
    {
        QVERIFY(checkEven(4).ok());
        const Status odd = checkEven(3);
        QVERIFY(!odd);
        QCOMPARE(odd.message(), std::string("odd"));
    }

    void contextIsPrefixed()
    {
        const Result<int> inner = parsePositive(0);
        const Result<int> outer = fail(inner.error(), "file.log");
        QCOMPARE(outer.message(), std::string("file.log: not positive: 0"));
    }

    void clocks()
    {
        const int64_t before = systemNowMs();
        const Clock clock = orSystemClock({});
        const int64_t now = clock();
        QVERIFY(now >= before);
        QVERIFY(now - before < 60'000);
        const Clock fixed = orSystemClock([] { return int64_t(42); });
        QCOMPARE(fixed(), int64_t(42));
    }
};

QTEST_APPLESS_MAIN(TstResult)
#include "tst_result.moc"
