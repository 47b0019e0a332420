import ExcelJS from 'exceljs';
import { neutralize } from '../registry/export.js';
import type { StatsGroup, StatsResult } from './stats.service.js';

type Cell = string | number | null;
interface Column {
  header: string;
  get: (g: StatsGroup) => Cell;
  /** Excel number format. */
  numFmt?: string;
}

const INT = '#,##0';
const PCT = '0.0%';

/** The report's columns, headed in Vietnamese as the ministry's reports are. */
function columns(groupBy: readonly string[]): Column[] {
  const out: Column[] = [];
  if (groupBy.includes('province')) out.push({ header: 'Mã tỉnh/thành', get: (g) => g.province ?? null }, { header: 'Tỉnh/thành phố', get: (g) => g.provinceName ?? null });
  if (groupBy.includes('field')) out.push({ header: 'Mã lĩnh vực', get: (g) => g.field ?? null }, { header: 'Lĩnh vực công nghệ', get: (g) => g.fieldLabel?.vi ?? 'Chưa phân loại' });
  if (groupBy.includes('period')) out.push({ header: 'Kỳ', get: (g) => g.period ?? null });
  if (groupBy.includes('event')) out.push({ header: 'Sự kiện', get: (g) => g.eventName ?? (g.eventId ? g.eventId : 'Ngoài sự kiện') });
  if (groupBy.includes('connectionPoint')) out.push({ header: 'Điểm kết nối', get: (g) => g.connectionPoint ?? 'Nhập trực tiếp' });
  const n = (header: string, get: (g: StatsGroup) => number): Column => ({ header, get, numFmt: INT });
  const r = (header: string, get: (g: StatsGroup) => number | null): Column => ({ header, get, numFmt: PCT });
  out.push(
    n('Nhu cầu công nghệ tiếp nhận', (g) => g.demands),
    n('Chào bán công nghệ (nguồn cung)', (g) => g.offers),
    n('Tổ chức cung ứng công nghệ', (g) => g.supplyOrganizations),
    n('Hồ sơ chuyên gia', (g) => g.experts),
    n('Đề xuất kết nối', (g) => g.proposals),
    n('Đề xuất được hai bên chấp nhận', (g) => g.mutuallyAccepted),
    n('Cuộc gặp đã xếp lịch', (g) => g.meetingsScheduled),
    n('Cuộc gặp đã diễn ra', (g) => g.meetingsHeld),
    n('Vắng mặt', (g) => g.noShows),
    n('Biên bản ghi nhớ (MoU)', (g) => g.mous),
    n('Hợp đồng chuyển giao công nghệ', (g) => g.contracts),
    n('Tổng giá trị hợp đồng (đồng)', (g) => g.contractValueVnd),
    r('Tỷ lệ chấp nhận hai bên', (g) => g.rates.mutualAcceptance),
    r('Tỷ lệ xếp lịch gặp', (g) => g.rates.scheduledPerAccepted),
    r('Tỷ lệ cuộc gặp diễn ra', (g) => g.rates.meetingHeld),
    r('Tỷ lệ vắng mặt', (g) => g.rates.noShow),
    r('Tỷ lệ MoU trên cuộc gặp', (g) => g.rates.mouPerHeldMeeting),
    r('Tỷ lệ hợp đồng trên MoU', (g) => g.rates.contractPerMou),
    r('Tỷ lệ hợp đồng trên cuộc gặp', (g) => g.rates.contractPerHeldMeeting),
  );
  return out;
}

function sheet(workbook: ExcelJS.Workbook, name: string, groupBy: readonly string[], groups: StatsGroup[]) {
  const cols = columns(groupBy);
  const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = cols.map((c, i) => ({ header: c.header, key: `c${i}`, width: Math.min(40, Math.max(12, c.header.length + 2)), ...(c.numFmt && { style: { numFmt: c.numFmt } }) }));
  ws.getRow(1).font = { bold: true };
  for (const g of groups) ws.addRow(Object.fromEntries(cols.map((c, i) => [`c${i}`, neutralize(c.get(g))])));
}

/** The statistics as a workbook: the caller's table and the national one. */
export async function statsWorkbook(result: StatsResult): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ketnoi';
  sheet(workbook, 'Thống kê', result.groupBy, result.rows);
  sheet(workbook, 'Toàn quốc', result.groupBy.filter((d) => d !== 'province'), result.national);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
