"""OAuth installs for many workspaces: installation and state stores on our database
(`installations`, `states`), tokens encrypted at rest (`crypto`), token rotation serialised per
installation (`tokens`), Bolt's authorize (`authorize`) and the wiring (`setup.build_oauth`)."""
