pub enum DateValue<'a> { Null, Plain(&'a str), Quoted(&'a str) }
#[derive(Debug)]
pub enum YamlTyped { Null, Date { year: i32, month: i8, day: i8 }, Time { year: i32, month: i8, day: i8, hour: i8, minute: i8, second: i8, nanos: i32, offset_seconds: Option<i32> }, Integer(String), Float(String), Bool(bool), Str(String) }
#[derive(Debug)]
pub struct Resolved { pub typed: YamlTyped, pub ruby_text: String, pub result: Result<jiff::ZonedDateTime, DateError>, pub notes: Vec<Note> }
#[derive(Debug)]
pub enum Note { RolledOver { written: String, actual: jiff::civil::Date }, ZonelessReadAsUtc, ZoneAbbreviation { name: String, offset_seconds: i32, span: std::ops::Range<usize> }, IgnoredZoneText { text: String, span: std::ops::Range<usize> }, DayFirst { day: i8, month: i8 }, FractionDropped, TwoDigitYear { written: String, year: i32 }, OffsetImplausible { offset_seconds: i32 } }
#[derive(Debug)]
pub enum DateError { Empty }
impl std::fmt::Display for DateError { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str("empty") } }
pub fn resolve_front_matter_date(_v: DateValue<'_>, _tz: &jiff::tz::TimeZone) -> Resolved { todo!() }
pub fn resolve_filename_date(_y: &str, _m: &str, _d: &str, _tz: &jiff::tz::TimeZone) -> Resolved { todo!() }
