import Testing
@testable import Runtime

/// The pieces of the resource limits that need no running evaluation: sizes as written on the
/// command line and in messages, the limit messages, and the output buffer's cut.
/// (A firing watchdog raises process-wide flags, so those tests run the fti binary: ftiTests.)
@Suite struct LimitsTests {
    @Test func sizesParseInBinaryUnits() {
        #expect(MemorySize.parse("2G") == 2 << 30)
        #expect(MemorySize.parse("200M") == 200 << 20)
        #expect(MemorySize.parse("200m") == 200 << 20)
        #expect(MemorySize.parse("512MiB") == 512 << 20)
        #expect(MemorySize.parse("1.5GB") == 3 << 29)
        #expect(MemorySize.parse("64k") == 64 << 10)
        #expect(MemorySize.parse("1T") == 1 << 40)
        #expect(MemorySize.parse("4096") == 4096)
        #expect(MemorySize.parse(" 2G ") == 2 << 30)
        for bad in ["", "G", "-1G", "0", "0M", "2X", "nanG", "1e3M", "2 G B", "99999999999T"] {
            #expect(MemorySize.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func sizesPrintWithOneDecimalAtMost() {
        #expect(MemorySize.describe(2 << 30) == "2 GiB")
        #expect(MemorySize.describe(UInt64(2.3 * 1024 * 1024 * 1024)) == "2.3 GiB")
        #expect(MemorySize.describe(200 << 20) == "200 MiB")
        #expect(MemorySize.describe(1536) == "1.5 KiB")
        #expect(MemorySize.describe(512) == "512 bytes")
    }

    @Test func residentMemoryIsReadOnLinux() throws {
        #if os(Linux)
        let resident = try #require(MemorySize.resident())
        #expect(resident > 1 << 20)
        #endif
    }

    @Test func limitMessages() {
        #expect(EvaluationWatchdog.Stop.timedOut(seconds: 60).message == "cell timed out after 60 s")
        #expect(EvaluationWatchdog.Stop.timedOut(seconds: 0.5).message == "cell timed out after 0.5 s")
        #expect(EvaluationWatchdog.Stop.memoryExceeded(limit: 2 << 30, used: UInt64(2.3 * 1024 * 1024 * 1024)).message
            == "memory limit 2 GiB exceeded (used 2.3 GiB)")
    }

    @Test func aWatchdogWithNothingToWatchIsNotMade() {
        #expect(EvaluationWatchdog(timeout: nil, memoryLimit: nil) == nil)
    }

    @Test func aWatchdogThatDoesNotFireReportsNothing() throws {
        let watchdog = try #require(EvaluationWatchdog(timeout: 60, memoryLimit: UInt64.max / 2))
        watchdog.start()
        #expect(watchdog.finish() == nil)
    }

    @Test func outputBufferWithoutLimitsKeepsEverything() {
        var buffer = OutputBuffer()
        buffer.append("a\nb")
        buffer.append("c\n")
        #expect(buffer.text == "a\nbc\n")
        #expect(!buffer.wasCut)
    }

    @Test func outputBufferCountsCutLinesAcrossPieces() {
        var buffer = OutputBuffer(lineLimit: 2)
        buffer.append("1\n2\n3")
        buffer.append("x\n4\n")
        buffer.append("5")
        #expect(buffer.text == "1\n2\n… 3 more lines not shown (output is cut at 2 lines)\n")
        var one = OutputBuffer(lineLimit: 1)
        one.append("a\nb\n")
        #expect(one.text == "a\n… 1 more line not shown (output is cut at 1 line)\n")
    }
}
