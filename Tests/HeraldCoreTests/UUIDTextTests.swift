import Foundation
import HeraldCore
import Testing

@Suite("UUID text")
struct UUIDTextTests {
    @Test("writes what Foundation writes and reads it back, in either case")
    func roundTrip() {
        for _ in 0..<2000 {
            let id = UUID()
            #expect(id.text == id.uuidString)
            #expect(UUID(text: id.uuidString) == id)
            #expect(UUID(text: id.uuidString.lowercased()) == id)
        }
        let fixed = UUID(uuid: (0x00, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0xFE, 0xDC, 0xBA, 0x98, 0x76, 0x54, 0x32))
        #expect(fixed.text == "00012345-6789-ABCD-EFFE-DCBA98765432")
    }

    @Test("anything but the 36-character form is nil, where Foundation's scanner let some through")
    func malformed() {
        let good = "00012345-6789-ABCD-EFFE-DCBA98765432"
        var bad = ["", "0", String(good.dropLast()), good + "0", good + "-", " " + good, String(good.dropFirst()) + " ",
                   good.replacingOccurrences(of: "-", with: ""), good.replacingOccurrences(of: "-", with: "_"),
                   "00012345-6789-ABCD-EFFE-DCBA9876543G", "0001234-56789-ABCD-EFFE-DCBA98765432",
                   "00012345-6789-ABCD-EFFE-DCBA9876543\u{0}", "00012345-6789-ABCD-EFFE-DCBA987654Ж",
                   "00012345-6789-ABCD-EFFE--CBA98765432", "+0012345-6789-ABCD-EFFE-DCBA98765432"]
        // Every single-character change to a non-hex character where a digit belongs.
        for index in good.indices where good[index] != "-" {
            var changed = good
            changed.replaceSubrange(index...index, with: "x")
            bad.append(changed)
        }
        for text in bad { #expect(UUID(text: text) == nil, "\(text)") }
        #expect(UUID(text: good) != nil)
    }
}
