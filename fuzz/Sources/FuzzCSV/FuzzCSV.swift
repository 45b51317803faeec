import Frame

/// The fuzz target: reads arbitrary bytes as CSV with options taken from the first byte, then
/// renders the frame and writes it back as CSV.
///
/// The first byte picks the delimiter, header, row limit and whether the input is split across
/// threads in tiny chunks (so the chunk-boundary rescans see every kind of input, not only the
/// single-chunk path that small files take).
func fuzzCSV(_ input: UnsafeBufferPointer<UInt8>) -> CInt {
    guard let control = input.first else { return 0 }
    let bytes = Array(input.dropFirst())
    var options = CSVOptions()
    let delimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]
    options.delimiter = delimiters[Int(control & 3)]
    options.hasHeader = control & 4 == 0
    if control & 8 != 0 { options.rowLimit = Int(control >> 5) }
    if control & 16 != 0 {
        options.maximumThreads = 2
        options.minimumBytesPerThread = 1
    } else {
        options.maximumThreads = 1
    }
    do {
        let frame = try CSVReader.read(bytes: bytes, sourceName: "<fuzz>", options: options)
        _ = TableRenderer.render(frame)
        _ = CSVWriter.bytes(frame)
    } catch {
        _ = error.message
    }
    return 0
}
