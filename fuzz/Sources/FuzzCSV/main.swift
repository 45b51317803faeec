import CFuzzer

#if canImport(Glibc)
import Glibc
#endif

// SwiftPM links an executable's `main` under a name of its own, so the `main` in libFuzzer's runtime
// is never used: this one hands the command line (libFuzzer's flags and corpus folders) to its driver.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzCSV(UnsafeBufferPointer(start: data, count: size)) })
