/** Numbers of the statistics as Vietnamese readers write them: "95,2 %", "7,7". */
export function percent(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
}

export function tenths(score: number | null): string {
  return score === null ? '–' : (score / 10).toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}
