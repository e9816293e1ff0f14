public enum MiniDisqueLibrary {}
