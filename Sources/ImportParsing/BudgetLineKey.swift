/// Where a budget line sits in the hierarchy OPD → program → kegiatan → sub kegiatan → akun (account, itself a
/// tree of codes). Each level is named by its code, or by its name when the file has no code (LKIP tables).
/// A line outside the hierarchy (`tingkat` `lain`, e.g. Belanja Tidak Langsung in a 13/2006 table) has only
/// `other`.
package struct BudgetLineKey: Hashable {
    package var program = ""
    package var kegiatan = ""
    package var subKegiatan = ""
    /// Account code (or `n:` + name).
    package var akun = ""
    package var other = ""

    /// The line one level up, rebuilt from code prefixes: `5.1.02.01.01.0008` → `5.1.02.01.01` → … → `5`, then
    /// the sub kegiatan, kegiatan, program. Nil at the top. The parent need not exist as a line in the file;
    /// `BudgetChecks` walks up to the nearest one that does.
    package var parent: BudgetLineKey? {
        if !other.isEmpty { return nil }
        var up = self
        if !akun.isEmpty {
            // Account codes nest by plain prefix (one segment per level), so no parsing is needed on this hot path.
            if !akun.hasPrefix("n:"), let dot = akun.utf8.lastIndex(of: UInt8(ascii: ".")) {
                up.akun = String(akun[..<dot])
            } else {
                up.akun = ""
            }
        } else if !subKegiatan.isEmpty {
            up.subKegiatan = ""
        } else if !kegiatan.isEmpty {
            up.kegiatan = ""
        } else {
            return nil
        }
        return up == BudgetLineKey() ? nil : up
    }

    /// Hashes the deepest parts only: deeper codes carry their parents' codes as prefixes, so this tells keys
    /// apart as well as hashing every part, at a fraction of the cost on the budget import's hot path.
    package func hash(into hasher: inout Hasher) {
        hasher.combine(akun)
        hasher.combine(subKegiatan.isEmpty ? (kegiatan.isEmpty ? program : kegiatan) : subKegiatan)
        hasher.combine(other)
    }

    /// The block an account line belongs to: the same key without the account.
    package var owner: BudgetLineKey {
        var key = self
        key.akun = ""
        return key
    }

    /// Deeper lines have a larger depth; a parent's depth is always smaller than its child's.
    package var depth: Int {
        let levels = [program, kegiatan, subKegiatan].filter { !$0.isEmpty }.count
        guard !akun.isEmpty else { return levels }
        return levels + (akun.hasPrefix("n:") ? 7 : akun.split(separator: ".").count)
    }

}
