/** Vietnamese messages for weak networks and cheap phones: the "more" menu and the data saver. */
export const viNet = {
  'controls.more': 'Thêm',
  'controls.moreClose': 'Đóng bớt nút',
  'saver.teacherOnlyOn': 'Chỉ xem giáo viên',
  'saver.teacherOnlyOff': 'Xem cả lớp',
  'saver.teacherOnlyActive': 'Chỉ xem giáo viên: hình của các bạn khác đã tắt để tiết kiệm dữ liệu.',
  'saver.usage': '{rate}/phút',
  'saver.usageTitle': 'Dữ liệu tiết học dùng mỗi phút (gửi và nhận)',
  'saver.usageUnknown': '… MB/phút',
} as const;
