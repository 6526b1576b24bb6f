//! Exchange teams (`--teams teams.csv`, or sheet 组团交流 of a workbook): rows
//! `team, teacher`, one member a row. A team moves together to one school or nobody
//! of it moves (组团交流). Every problem is reported with its line and column: an
//! unknown teacher, a teacher in two teams, members at different schools; a team of
//! one and a teacher listed twice in a team are warnings.

use crate::input::table::Row;
use crate::input::vocabulary::EXCHANGE_TEAMS;
use crate::model::county::County;
use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::exchange_teams::{ExchangeTeam, ExchangeTeams};
use crate::model::input_message::InputMessage;
use std::path::Path;

impl ExchangeTeams {
    /// Reads a teams file (CSV, or a workbook's `teams`/`组团交流` sheet) and checks it
    /// against the county. Warnings go to `warnings`.
    pub fn read(path: &Path, county: &County, warnings: &mut Diagnostics) -> Result<ExchangeTeams> {
        let mut diags = Diagnostics::default();
        let Some(table) = crate::input::workbook::read_table(path, &EXCHANGE_TEAMS, &mut diags)
        else {
            return Err(RotationError::Invalid(diags));
        };
        if !table.check_header(&["team", "teacher"], &["team", "teacher"], &mut diags) {
            return Err(RotationError::Invalid(diags));
        }
        let mut teams = ExchangeTeams {
            file: table.file.clone(),
            teams: Vec::new(),
            team_of: vec![None; county.teachers.len()],
        };
        // The line each teacher was listed on.
        let mut listed_on = vec![0usize; county.teachers.len()];
        for (line, fields) in &table.rows {
            let mut row = Row {
                table: &table,
                line: *line,
                fields,
                ok: true,
            };
            let name = row.text(&mut diags, "team");
            let (tid, teacher) = row.teacher(&mut diags, "teacher", &county.teachers);
            let (Some(t), true) = (teacher, row.ok) else {
                continue;
            };
            let index = match teams.teams.iter().position(|team| team.name == name) {
                Some(i) => i,
                None => {
                    teams.teams.push(ExchangeTeam {
                        name: name.clone(),
                        members: Vec::new(),
                        line: *line,
                    });
                    teams.teams.len() - 1
                }
            };
            if let Some(other) = teams.team_of[t] {
                let column = table.column("teacher").map(|i| (i + 1, table.label(i)));
                if other == index {
                    warnings.warning(
                        &table.file,
                        Some(*line),
                        column,
                        InputMessage::TeacherTwiceInTeam {
                            teacher: tid,
                            first: listed_on[t],
                        },
                    );
                } else {
                    row.fail(
                        &mut diags,
                        "teacher",
                        InputMessage::TeacherInTwoTeams {
                            teacher: tid,
                            first_team: teams.teams[other].name.clone(),
                            first_line: listed_on[t],
                        },
                    );
                }
                continue;
            }
            let team = &mut teams.teams[index];
            if let Some(&first) = team.members.first() {
                let (here, there) = (county.teachers[t].school, county.teachers[first].school);
                if here != there {
                    row.fail(
                        &mut diags,
                        "teacher",
                        InputMessage::TeamAcrossSchools {
                            team: name,
                            teacher: tid,
                            school: county.schools[here].id.0.clone(),
                            first: county.teachers[first].id.0.clone(),
                            first_school: county.schools[there].id.0.clone(),
                        },
                    );
                    continue;
                }
            }
            team.members.push(t);
            teams.team_of[t] = Some(index);
            listed_on[t] = *line;
        }
        if diags.has_errors() {
            return Err(RotationError::Invalid(diags));
        }
        for team in &teams.teams {
            if team.members.len() == 1 {
                warnings.warning(
                    &table.file,
                    Some(team.line),
                    table.column("team").map(|i| (i + 1, table.label(i))),
                    InputMessage::OneMemberTeam {
                        team: team.name.clone(),
                    },
                );
            }
        }
        Ok(teams)
    }
}
