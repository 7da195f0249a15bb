import Kinerja
import Postgres

/// `v_capaian.status`, read by its raw value (the domain module knows no database).
extension CapaianStatus: PostgresDecodable {}

/// `v_penyerapan.tingkat`, read by its raw value.
extension AbsorptionLevel: PostgresDecodable {}
