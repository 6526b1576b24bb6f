//! Exchange teams (组团交流): teachers who rotate together, to one school, or not at
//! all (a subject group sent as one, a mentor with the young teacher they train).
//! Read by `input::exchange_teams` (`teams.csv`, sheet 组团交流), held together by
//! `rules::candidates` (a team's moves are the schools open to every member),
//! `solve::team_rows` (one row per teammate and school) and checked by
//! `rules::verify`. Not the class teaching teams after the round (`school::teams`).

use serde::Serialize;

/// One exchange team: its name as written and its members (indices into
/// `County::teachers`, in file order), all at one school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExchangeTeam {
    /// The team's name as written in the `team` column.
    pub name: String,
    /// Its members, in file order.
    pub members: Vec<usize>,
    /// The line (or sheet row) of its first member in the file.
    pub line: usize,
}

/// The exchange teams of a round; empty without a teams file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ExchangeTeams {
    /// The teams file (or `book.xlsx[sheet]`) as shown in messages; empty without one.
    pub file: String,
    /// The teams, in file order of their first member.
    pub teams: Vec<ExchangeTeam>,
    /// Per teacher, the index into `teams` of their team, if any.
    pub team_of: Vec<Option<usize>>,
}

impl ExchangeTeams {
    /// Whether the round has a team of two or more (a one-member team binds nobody).
    pub fn any(&self) -> bool {
        self.teams.iter().any(|t| t.members.len() > 1)
    }

    /// The team of teacher `t`, if they are in one.
    pub fn of_teacher(&self, t: usize) -> Option<&ExchangeTeam> {
        self.team_of
            .get(t)
            .copied()
            .flatten()
            .map(|i| &self.teams[i])
    }

    /// The name of teacher `t`'s team, or an empty text.
    pub fn name_of(&self, t: usize) -> &str {
        self.of_teacher(t).map_or("", |team| team.name.as_str())
    }

    /// The team named `name`, if any.
    pub fn by_name(&self, name: &str) -> Option<&ExchangeTeam> {
        self.teams.iter().find(|t| t.name == name)
    }

    /// Builds the teams from `(name, members)` over `teachers` teachers (for tests
    /// and generated counties; the reader checks what this trusts).
    pub fn from_members(teachers: usize, teams: Vec<(String, Vec<usize>)>) -> ExchangeTeams {
        let mut team_of = vec![None; teachers];
        let teams: Vec<ExchangeTeam> = teams
            .into_iter()
            .enumerate()
            .map(|(i, (name, members))| {
                for &t in &members {
                    team_of[t] = Some(i);
                }
                ExchangeTeam {
                    name,
                    members,
                    line: 0,
                }
            })
            .collect();
        ExchangeTeams {
            file: String::new(),
            teams,
            team_of,
        }
    }
}

/// How a plan's moves treat one team: all moved to one school, nobody moved, or split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamOutcome {
    /// Nobody of the team moves.
    Stayed,
    /// Every member moves to this school (index into `County::schools`).
    Moved(usize),
    /// Some members move and some stay, or they move to different schools: per
    /// member (in team order), the school they move to, if any.
    Split(Vec<Option<usize>>),
}

impl ExchangeTeam {
    /// What `went` (per teacher, the school they move to) does to this team.
    pub fn outcome(&self, went: &[Option<usize>]) -> TeamOutcome {
        let to: Vec<Option<usize>> = self.members.iter().map(|&t| went[t]).collect();
        match to.first().copied().flatten() {
            _ if to.iter().all(Option::is_none) => TeamOutcome::Stayed,
            Some(s) if to.iter().all(|&d| d == Some(s)) => TeamOutcome::Moved(s),
            _ => TeamOutcome::Split(to),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_team_moved_together_stayed_or_split() {
        let teams = ExchangeTeams::from_members(4, vec![("A".into(), vec![0, 2])]);
        let team = &teams.teams[0];
        assert_eq!(team.outcome(&[None; 4]), TeamOutcome::Stayed);
        assert_eq!(
            team.outcome(&[Some(3), None, Some(3), None]),
            TeamOutcome::Moved(3)
        );
        assert_eq!(
            team.outcome(&[Some(3), None, None, None]),
            TeamOutcome::Split(vec![Some(3), None])
        );
        assert_eq!(
            team.outcome(&[Some(3), None, Some(1), None]),
            TeamOutcome::Split(vec![Some(3), Some(1)])
        );
        assert_eq!(teams.name_of(2), "A");
        assert_eq!(teams.name_of(1), "");
        assert!(teams.any());
    }
}
