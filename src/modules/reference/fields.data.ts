/**
 * ketnoi technology-field taxonomy: two levels, top-level themes (parent null) and their children.
 *
 * The codes (MAT, MAT.NANO, …) are stable identifiers: never rename or reuse one; labels may be
 * reworded. nationalCode maps a field to Vietnam's national classification of S&T fields (Decision
 * 12/2008/QĐ-BKHCN) where one fits clearly; it is omitted otherwise. A child without a nationalCode
 * falls under its parent's, if the parent has one.
 *
 * All strings are NFC.
 */

export interface FieldNode {
  /** Stable ketnoi code: "MAT" (top level) or "MAT.NANO" (child). */
  code: string;
  /** Code of the top-level field; null for top-level fields. */
  parent: string | null;
  labelVi: string;
  labelEn: string;
  /** Field code in Decision 12/2008/QĐ-BKHCN, where one fits. */
  nationalCode?: string;
}

export const FIELDS: readonly FieldNode[] = [
  { code: 'MAT', parent: null, labelVi: 'Vật liệu mới', labelEn: 'New materials', nationalCode: '205' },
  { code: 'MAT.NANO', parent: 'MAT', labelVi: 'Vật liệu nano', labelEn: 'Nanomaterials', nationalCode: '210' },
  { code: 'MAT.POLY', parent: 'MAT', labelVi: 'Vật liệu polyme và composite', labelEn: 'Polymers and composites' },
  { code: 'MAT.METAL', parent: 'MAT', labelVi: 'Kim loại và luyện kim', labelEn: 'Metals and metallurgy' },
  { code: 'MAT.CERAM', parent: 'MAT', labelVi: 'Gốm sứ và thủy tinh', labelEn: 'Ceramics and glass' },
  { code: 'MAT.BIO', parent: 'MAT', labelVi: 'Vật liệu sinh học', labelEn: 'Biomaterials' },
  { code: 'MAT.CONST', parent: 'MAT', labelVi: 'Vật liệu xây dựng', labelEn: 'Construction materials' },

  { code: 'ENE', parent: null, labelVi: 'Năng lượng', labelEn: 'Energy' },
  { code: 'ENE.SOLAR', parent: 'ENE', labelVi: 'Năng lượng mặt trời', labelEn: 'Solar energy' },
  { code: 'ENE.WIND', parent: 'ENE', labelVi: 'Năng lượng gió', labelEn: 'Wind energy' },
  { code: 'ENE.BIO', parent: 'ENE', labelVi: 'Năng lượng sinh khối và khí sinh học', labelEn: 'Biomass and biogas' },
  { code: 'ENE.STORE', parent: 'ENE', labelVi: 'Pin và lưu trữ năng lượng', labelEn: 'Batteries and energy storage' },
  { code: 'ENE.EFF', parent: 'ENE', labelVi: 'Sử dụng năng lượng tiết kiệm và hiệu quả', labelEn: 'Energy efficiency' },
  { code: 'ENE.H2', parent: 'ENE', labelVi: 'Năng lượng hydro', labelEn: 'Hydrogen energy' },
  { code: 'ENE.GRID', parent: 'ENE', labelVi: 'Lưới điện thông minh', labelEn: 'Smart grid', nationalCode: '202' },

  { code: 'LOG', parent: null, labelVi: 'Logistics và chuỗi cung ứng', labelEn: 'Logistics and supply chain' },
  { code: 'LOG.WARE', parent: 'LOG', labelVi: 'Kho bãi', labelEn: 'Warehousing' },
  { code: 'LOG.COLD', parent: 'LOG', labelVi: 'Chuỗi lạnh', labelEn: 'Cold chain' },
  { code: 'LOG.TRACE', parent: 'LOG', labelVi: 'Truy xuất nguồn gốc', labelEn: 'Traceability' },
  { code: 'LOG.TRANS', parent: 'LOG', labelVi: 'Tối ưu hóa vận tải', labelEn: 'Transport optimisation' },
  { code: 'LOG.PORT', parent: 'LOG', labelVi: 'Cảng biển và logistics điện tử', labelEn: 'Ports and e-logistics' },

  // No nationalCode at the top: agriculture is field 4, food processing is 211 (engineering).
  { code: 'AGR', parent: null, labelVi: 'Nông nghiệp và chế biến thực phẩm', labelEn: 'Agriculture and food processing' },
  { code: 'AGR.CROP', parent: 'AGR', labelVi: 'Trồng trọt và giống cây trồng', labelEn: 'Crops and seeds', nationalCode: '401' },
  // Spans 402 (animal husbandry) and 403 (veterinary science).
  { code: 'AGR.LIVE', parent: 'AGR', labelVi: 'Chăn nuôi và thú y', labelEn: 'Livestock and veterinary' },
  { code: 'AGR.AQUA', parent: 'AGR', labelVi: 'Nuôi trồng và khai thác thủy sản', labelEn: 'Aquaculture and fisheries', nationalCode: '405' },
  { code: 'AGR.FOOD', parent: 'AGR', labelVi: 'Chế biến và bảo quản thực phẩm', labelEn: 'Food processing and preservation', nationalCode: '211' },
  { code: 'AGR.SMART', parent: 'AGR', labelVi: 'Nông nghiệp thông minh và nông nghiệp chính xác', labelEn: 'Smart and precision farming' },
  { code: 'AGR.BIO', parent: 'AGR', labelVi: 'Công nghệ sinh học nông nghiệp', labelEn: 'Agricultural biotechnology', nationalCode: '406' },
  { code: 'AGR.FOREST', parent: 'AGR', labelVi: 'Lâm nghiệp', labelEn: 'Forestry', nationalCode: '404' },

  { code: 'HLT', parent: null, labelVi: 'Y dược', labelEn: 'Health and medicine', nationalCode: '3' },
  { code: 'HLT.DEV', parent: 'HLT', labelVi: 'Thiết bị y tế', labelEn: 'Medical devices', nationalCode: '206' },
  { code: 'HLT.PHARM', parent: 'HLT', labelVi: 'Dược phẩm và dược liệu', labelEn: 'Pharmaceuticals and medicinal herbs', nationalCode: '303' },
  { code: 'HLT.DIAG', parent: 'HLT', labelVi: 'Chẩn đoán và xét nghiệm', labelEn: 'Diagnostics and testing' },
  { code: 'HLT.DIGI', parent: 'HLT', labelVi: 'Y tế số', labelEn: 'Digital health' },
  { code: 'HLT.BIO', parent: 'HLT', labelVi: 'Công nghệ sinh học y dược', labelEn: 'Medical biotechnology' },

  // No nationalCode at the top: spans 102 (computer and information sciences) and 202 (electrical, electronic and computer engineering).
  { code: 'ICT', parent: null, labelVi: 'Công nghệ thông tin và truyền thông', labelEn: 'Information and communication technology' },
  { code: 'ICT.AI', parent: 'ICT', labelVi: 'Trí tuệ nhân tạo', labelEn: 'Artificial intelligence', nationalCode: '102' },
  { code: 'ICT.IOT', parent: 'ICT', labelVi: 'Internet vạn vật (IoT)', labelEn: 'Internet of things (IoT)' },
  { code: 'ICT.SOFT', parent: 'ICT', labelVi: 'Phần mềm và nền tảng số', labelEn: 'Software and platforms', nationalCode: '102' },
  { code: 'ICT.DATA', parent: 'ICT', labelVi: 'Dữ liệu và điện toán đám mây', labelEn: 'Data and cloud computing' },
  { code: 'ICT.SEC', parent: 'ICT', labelVi: 'An toàn thông tin mạng', labelEn: 'Cybersecurity' },
  { code: 'ICT.ELEC', parent: 'ICT', labelVi: 'Điện tử và bán dẫn', labelEn: 'Electronics and semiconductors', nationalCode: '202' },
  { code: 'ICT.TEL', parent: 'ICT', labelVi: 'Viễn thông', labelEn: 'Telecommunications', nationalCode: '202' },

  { code: 'ENV', parent: null, labelVi: 'Môi trường', labelEn: 'Environment', nationalCode: '207' },
  { code: 'ENV.WATER', parent: 'ENV', labelVi: 'Xử lý nước và nước thải', labelEn: 'Water and wastewater treatment' },
  { code: 'ENV.WASTE', parent: 'ENV', labelVi: 'Chất thải rắn và tái chế', labelEn: 'Solid waste and recycling' },
  { code: 'ENV.AIR', parent: 'ENV', labelVi: 'Khí thải và chất lượng không khí', labelEn: 'Emissions and air quality' },
  { code: 'ENV.MON', parent: 'ENV', labelVi: 'Quan trắc môi trường', labelEn: 'Environmental monitoring' },
  { code: 'ENV.CLIM', parent: 'ENV', labelVi: 'Thích ứng với biến đổi khí hậu', labelEn: 'Climate change adaptation' },

  { code: 'MEC', parent: null, labelVi: 'Cơ khí và tự động hóa', labelEn: 'Mechanical engineering and automation', nationalCode: '203' },
  // Automation, control and robotics belong to 202 (electrical, electronic and computer engineering).
  { code: 'MEC.AUTO', parent: 'MEC', labelVi: 'Tự động hóa công nghiệp', labelEn: 'Industrial automation', nationalCode: '202' },
  { code: 'MEC.ROBOT', parent: 'MEC', labelVi: 'Robot', labelEn: 'Robotics', nationalCode: '202' },
  { code: 'MEC.MACH', parent: 'MEC', labelVi: 'Máy và thiết bị chế tạo', labelEn: 'Manufacturing machinery' },
  { code: 'MEC.MECH', parent: 'MEC', labelVi: 'Cơ điện tử', labelEn: 'Mechatronics' },
  { code: 'MEC.ADD', parent: 'MEC', labelVi: 'Sản xuất bồi đắp (in 3D)', labelEn: 'Additive manufacturing (3D printing)' },

  { code: 'CHE', parent: null, labelVi: 'Kỹ thuật hóa học', labelEn: 'Chemical engineering', nationalCode: '204' },
  { code: 'CHE.PROC', parent: 'CHE', labelVi: 'Công nghệ quá trình hóa học', labelEn: 'Chemical processes' },
  { code: 'CHE.FINE', parent: 'CHE', labelVi: 'Hóa chất tinh và hóa mỹ phẩm', labelEn: 'Fine chemicals and cosmetics' },
  { code: 'CHE.PETRO', parent: 'CHE', labelVi: 'Hóa dầu', labelEn: 'Petrochemicals' },
];
